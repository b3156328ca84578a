package io.tradinggrid.bridge.rules;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradinggrid.bridge.store.StoreException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Every set of rule files (kind "rules") and route files (kind "routes") a bridge applied, by content hash, in table
 * config_version: what a revert restores and what the console's history and diffs show. The files come back from the
 * store as it has them; whoever writes them to disk checks their names first.
 */
public class ConfigVersions {

    /** One applied version: its row id, kind, content hash, files by name, when and by whom it was applied. */
    public record Version(long id, String kind, String hash, Map<String, String> files, Instant appliedAt, String appliedBy) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> FILES = new TypeReference<>() {
    };
    private static final String COLUMNS = "id, kind, content_hash, files, applied_at, applied_by";

    private final DataSource dataSource;

    public ConfigVersions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The newest versions of a kind, newest first, at most limit. */
    public List<Version> latest(String kind, int limit) {
        return query("SELECT " + COLUMNS + " FROM config_version WHERE kind = ? ORDER BY id DESC", limit, kind);
    }

    /**
     * The newest versions of every kind, newest first, at most limit, without their files (empty): a history lists
     * hundreds of versions, each holding every route file.
     */
    public List<Version> history(int limit) {
        return query("SELECT id, kind, content_hash, '{}', applied_at, applied_by FROM config_version ORDER BY id DESC", limit);
    }

    public Optional<Version> find(long id) {
        return query("SELECT " + COLUMNS + " FROM config_version WHERE id = ?", 1, id).stream().findFirst();
    }

    /** The version of the same kind applied just before this one, if any. */
    public Optional<Version> before(Version version) {
        return query("SELECT " + COLUMNS + " FROM config_version WHERE kind = ? AND id < ? ORDER BY id DESC", 1, version.kind(), version.id())
                .stream().findFirst();
    }

    public void store(String kind, Map<String, String> files, String hash, String by) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO config_version (content_hash, files, applied_at, applied_by, kind) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, hash);
            ps.setString(2, MAPPER.writeValueAsString(files));
            ps.setTimestamp(3, Timestamp.from(Instant.now()));
            ps.setString(4, by);
            ps.setString(5, kind);
            ps.executeUpdate();
        } catch (SQLException | IOException e) {
            throw new StoreException("Could not store the applied " + kind, e instanceof SQLException s ? s : new SQLException(e));
        }
    }

    private List<Version> query(String sql, int limit, Object... parameters) {
        List<Version> versions = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    versions.add(new Version(rs.getLong(1), rs.getString(2), rs.getString(3), MAPPER.readValue(rs.getString(4), FILES),
                            rs.getTimestamp(5).toInstant(), rs.getString(6)));
                }
            }
        } catch (SQLException | IOException e) {
            throw new StoreException("Could not read applied config versions", e instanceof SQLException s ? s : new SQLException(e));
        }
        return versions;
    }
}
