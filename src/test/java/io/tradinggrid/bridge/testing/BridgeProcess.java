package io.tradinggrid.bridge.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged bridge (target/tradinggrid-bridge.jar run) as its own process, wired to emulators running in this JVM
 * (benchmark, crash tests). Its store is an H2 file that only the bridge opens while it runs: no AUTO_SERVER, whose
 * server moves to whichever process connects after the one holding it died, so that a test JVM reading the store
 * between two kill -9 could end up serving the restarted bridge's store. Follow a running bridge through the
 * emulators ({@link TargetRecords}); {@link #count} reads the file once the bridge is down.
 */
public final class BridgeProcess implements AutoCloseable {

    private final Map<String, String> properties = new LinkedHashMap<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private final Path storeDir;
    private Process process;
    /** A shared server store (PostgreSQL), which any process may read at any time; null: the H2 file in storeDir. */
    private String sharedStoreUrl;
    private String sharedStoreUser;

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

    /**
     * Puts the store on a database server that several bridges share (PostgreSQL), and lets this process receive the
     * community's webhooks on its own port, as a node of a cluster does.
     */
    public BridgeProcess clusterNode(String storeUrl, String storeUser) {
        sharedStoreUrl = storeUrl;
        sharedStoreUser = storeUser;
        properties.put("tgb.store.url", storeUrl);
        properties.put("tgb.store.username", storeUser);
        properties.put("tgb.cluster.enabled", "true");
        properties.put("tgb.community.webhook-public-url", webhookUrl());
        return this;
    }

    public BridgeProcess jvm(String... options) {
        jvmOptions.addAll(List.of(options));
        return this;
    }

    /**
     * The store as a plain H2 file. FILE_LOCK=FS: the only lock is the operating system's lock on the file, which goes
     * with the process that held it, so a bridge (or this JVM) opens the store at once after a kill -9; H2's default
     * lock file would be left behind by a killed process and make the next one wait to be sure it is stale.
     */
    public String storeUrl() {
        return "jdbc:h2:file:" + storeDir.resolve("bridge") + ";FILE_LOCK=FS";
    }

    /**
     * The store opened read-only, for this JVM while the bridge is down: nothing here writes to it, not even the
     * compaction H2 runs when a writable database closes (which, after a kill -9 and with assertions on as in tests,
     * has failed half way and left the file corrupt for the next bridge).
     */
    public String readOnlyStoreUrl() {
        return storeUrl() + ";ACCESS_MODE_DATA=r";
    }

    /** Where the bridge receives community webhooks. */
    public String webhookUrl() {
        return "http://127.0.0.1:" + properties.get("camel.server.port") + "/webhooks/community";
    }

    /** The bridge's admin API (it answers only when tgb.admin.token is set). */
    public String adminUrl() {
        return "http://127.0.0.1:" + properties.get("camel.management.port") + "/admin";
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

    /**
     * Waits until the bridge reports UP on its management port (its routes have started); false when the process
     * ended or the timeout passed first. Start-up takes seconds on an idle machine, and more than 30 s on a loaded one.
     */
    public boolean awaitStarted(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + properties.get("camel.management.port") + "/observe/health"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (process.isAlive() && System.nanoTime() < deadline) {
            try {
                HttpResponse<String> answer = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200 && answer.body().contains("UP")) {
                    return true;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** SIGKILL: no shutdown hook, no graceful stop, like a crashed host. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM: Camel's graceful shutdown finishes the work in flight; forcibly after a minute. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
    }

    /**
     * The number a COUNT query gives on the bridge's store, read from the file ({@link #readOnlyStoreUrl}) while the
     * bridge is down (after {@link #kill} or {@link #stop}); 0 while the store does not exist yet. A shared server
     * store ({@link #clusterNode}) is read at any time.
     *
     * @throws IllegalStateException while the bridge runs (the store is its own), or when the store cannot be read
     */
    public int count(String sql) {
        if (sharedStoreUrl != null) {
            try (Connection c = DriverManager.getConnection(sharedStoreUrl, sharedStoreUser, ""); ResultSet rs = c.createStatement().executeQuery(sql)) {
                rs.next();
                return rs.getInt(1);
            } catch (Exception e) {
                throw new IllegalStateException("cannot read the shared store: " + sql, e);
            }
        }
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the bridge is running and its store is its own: follow it through the emulators, "
                    + "count once it is down");
        }
        if (!Files.exists(storeDir.resolve("bridge.mv.db"))) {
            return 0;
        }
        try (Connection c = DriverManager.getConnection(readOnlyStoreUrl(), "sa", ""); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the bridge's store " + readOnlyStoreUrl() + ": " + sql, e);
        }
    }

    /** Kills the bridge if it still runs (a test that failed half way leaves no process behind). */
    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
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
