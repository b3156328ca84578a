package io.tradinggrid.emulator;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The last requests an emulator answered, for tests and the sandbox (GET /_emulator/requests). */
public final class RequestJournal {

    public record Entry(Instant time, String method, String path, String query, int status, String fault) {
    }

    private final int capacity;
    private final Deque<Entry> entries = new ArrayDeque<>();

    public RequestJournal(int capacity) {
        this.capacity = capacity;
    }

    public synchronized void add(Entry entry) {
        if (entries.size() == capacity) {
            entries.removeFirst();
        }
        entries.addLast(entry);
    }

    public synchronized List<Entry> snapshot() {
        return new ArrayList<>(entries);
    }

    public synchronized void clear() {
        entries.clear();
    }
}
