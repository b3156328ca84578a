package io.tradinggrid.bridge.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged bridge (target/tradinggrid-bridge.jar run) as its own process, wired to emulators running in this JVM,
 * with its store in a folder this JVM can read while the bridge runs (benchmark, crash tests).
 */
public final class BridgeProcess {

    private final Map<String, String> properties = new LinkedHashMap<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private final Path storeDir;
    private Process process;

    /**
     * @param wiring the properties that point a bridge at a sandbox's emulators ({@code Sandbox.bridgeProperties()});
     *               the store, ports and schedule are this process's own
     */
    public BridgeProcess(Path storeDir, Map<String, String> wiring, String communityIds) {
        this.storeDir = storeDir;
        properties.putAll(wiring);
        properties.put("tgb.store.url", storeUrl());
        properties.put("tgb.community.community-ids", communityIds);
        properties.put("tgb.community.webhook-public-url", "");
        // the poll fires by itself, every second: the crash and benchmark runs count what it takes in
        properties.put("tgb.schedules.enabled", "true");
        properties.put("tgb.community.poll-cron", "0/1 * * * * ?");
        properties.put("camel.server.port", String.valueOf(freePort()));
        properties.put("camel.management.port", String.valueOf(freePort()));
    }

    public BridgeProcess property(String key, String value) {
        properties.put(key, value);
        return this;
    }

    public BridgeProcess jvm(String... options) {
        jvmOptions.addAll(List.of(options));
        return this;
    }

    public String storeUrl() {
        return "jdbc:h2:file:" + storeDir.resolve("bridge") + ";AUTO_SERVER=TRUE";
    }

    public BridgeProcess start(Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", System.getProperty("bridge.jar", "target/tradinggrid-bridge.jar"), "run"));
        properties.forEach((k, v) -> command.addAll(List.of("-D", k + "=" + v)));
        Files.createDirectories(storeDir);
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return this;
    }

    public Process process() {
        return process;
    }

    /** SIGKILL: no shutdown hook, no graceful stop, like a crashed host. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /**
     * The number a COUNT query gives on the bridge's store; 0 while the store does not exist yet. Retries for up to
     * 30 s because H2 hands its auto-server over when the process that held it has just gone, which on a loaded
     * machine has taken longer than 5 s.
     */
    public int count(String sql) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            // while the bridge is down, open the file directly: an AUTO_SERVER connection would make this JVM the
            // store's server, and a restarted bridge would then run its store through the test
            String url = process != null && process.isAlive() ? storeUrl() : "jdbc:h2:file:" + storeDir.resolve("bridge");
            try (Connection c = DriverManager.getConnection(url, "sa", ""); ResultSet rs = c.createStatement().executeQuery(sql)) {
                rs.next();
                return rs.getInt(1);
            } catch (Exception e) {
                if (!Files.exists(storeDir.resolve("bridge.mv.db")) || System.currentTimeMillis() > deadline) {
                    return 0;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return 0;
                }
            }
        }
    }

    /** Kilobytes of a /proc/[pid]/status field of the bridge, e.g. VmHWM (peak RSS); 0 off Linux. */
    public long memoryKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (Exception e) {
            // gone, or not Linux
        }
        return 0;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
