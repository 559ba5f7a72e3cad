package dev.saccade.data.lerobot;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The parquet engine: an in-memory DuckDB connection (DuckDB reads and writes parquet natively,
 * needs no Hadoop, and works offline), and the quoting its SQL needs.
 */
final class Db implements AutoCloseable {
    final Connection connection;

    private Db(Connection connection) {
        this.connection = connection;
    }

    static Db open() {
        try {
            Connection c = DriverManager.getConnection("jdbc:duckdb:");
            try (Statement s = c.createStatement()) {
                // Files are small and written in order; one thread keeps row order and leaves cores to video.
                s.execute("SET threads TO 2");
                s.execute("SET preserve_insertion_order = true");
                // Parquet support is built into the JDBC jar; never fetch extensions at run time.
                s.execute("SET autoinstall_known_extensions = false");
                s.execute("SET autoload_known_extensions = false");
            }
            return new Db(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot start DuckDB: " + e.getMessage(), e);
        }
    }

    void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    /** A double-quoted SQL identifier. */
    static String id(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** A single-quoted SQL string literal. */
    static String str(String text) {
        return '\'' + text.replace("'", "''") + '\'';
    }

    /** A file path as a SQL string literal. */
    static String path(Path file) {
        return str(file.toAbsolutePath().toString());
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing an in-memory database cannot lose data
        }
    }
}
