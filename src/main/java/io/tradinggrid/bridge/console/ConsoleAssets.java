package io.tradinggrid.bridge.console;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.camel.Header;

/**
 * The console's pages, scripts and styles, from the jar (no CDN, nothing fetched from elsewhere). Only the files named
 * here are served: a path is never looked up on the classpath as it comes.
 */
public class ConsoleAssets {

    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "sign-in.html", "text/html; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8",
            "sign-in.js", "text/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8");

    /**
     * The asset a request path names: /console/ and /console/index.html are the console itself; null for /console,
     * which is sent on to /console/.
     */
    public String name(@Header("CamelHttpPath") String path, @Header("CamelHttpUri") String uri) {
        String p = uri != null ? uri : path == null ? "" : path;
        int query = p.indexOf('?');
        if (query >= 0) {
            p = p.substring(0, query);
        }
        if (p.equals("/console")) {
            return null;
        }
        String name = p.replaceFirst("^/console/", "");
        name = name.isEmpty() ? "index.html" : name;
        if (!FILES.containsKey(name)) {
            throw new NoSuchElementException("no such page: " + name);
        }
        return name;
    }

    public String contentType(@Header("consoleAsset") String name) {
        return FILES.get(name);
    }

    public byte[] read(@Header("consoleAsset") String name) throws IOException {
        try (InputStream in = ConsoleAssets.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                throw new NoSuchElementException("no such page: " + name);
            }
            return in.readAllBytes();
        }
    }
}
