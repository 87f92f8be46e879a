package dev.cloakroom.testsupport;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;

/**
 * One node of the two-node Galera cluster that {@code .ci/galera} starts on this machine. Its
 * SQL port comes from the system property {@code galera.nodeN.port}, which {@code .ci/galera test}
 * passes to Maven.
 */
public final class GaleraNode implements AutoCloseable {

    public static final String DATABASE = "cloakroom_galera";

    /**
     * Causal reads: every read on a node waits until the node has applied what the cluster had
     * committed when the read began. What Cloakroom's documentation asks of a Galera deployment.
     */
    public static final String CAUSAL_READS = "sessionVariables=wsrep_sync_wait=1";

    private final int number;
    private final int port;
    private AgroalDataSource dataSource;

    private GaleraNode(int number, int port) {
        this.number = number;
        this.port = port;
    }

    public static GaleraNode number(int number) {
        String property = "galera.node" + number + ".port";
        String port = System.getProperty(property);
        if (port == null || port.isBlank()) {
            throw new IllegalStateException(property + " is not set: the cluster tests run with .ci/galera test");
        }
        return new GaleraNode(number, Integer.parseInt(port));
    }

    /** What the service is given: this node, the test database, causal reads. */
    public String jdbcUrl() {
        return "jdbc:mysql://127.0.0.1:" + port + "/" + DATABASE + "?" + CAUSAL_READS;
    }

    /** A small pool on this node, made on first use, closed with the node. */
    public synchronized AgroalDataSource dataSource() throws SQLException {
        if (dataSource == null) {
            dataSource = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                    .connectionPoolConfiguration(pool -> pool.maxSize(4)
                            .connectionFactoryConfiguration(factory -> factory.jdbcUrl(jdbcUrl())
                                    .principal(new NamePrincipal("root"))
                                    .credential(new SimplePassword("")))));
        }
        return dataSource;
    }

    /** Drops and creates the test database (DDL replicates: the other node gets it too). */
    public void recreateDatabase() throws SQLException {
        try (Connection connection = serverConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + DATABASE);
            statement.execute("CREATE DATABASE " + DATABASE);
        }
    }

    /**
     * Brings the test database to the current schema with the service's own migrations, for tests
     * that use the tables without starting the service.
     */
    public void migrate() throws SQLException {
        try (Connection connection = serverConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS " + DATABASE);
        }
        Flyway.configure().dataSource(dataSource()).locations("classpath:db/migration").load().migrate();
    }

    /** A global status value of this node, such as {@code wsrep_cluster_size}. */
    public String status(String name) throws SQLException {
        try (Connection connection = serverConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SHOW GLOBAL STATUS LIKE '" + name + "'")) {
            return row.next() ? row.getString(2) : null;
        }
    }

    /** A connection to the server, in no database (which may not exist yet). */
    public Connection serverConnection() throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/", "root", "");
    }

    public int number() {
        return number;
    }

    @Override
    public synchronized void close() {
        if (dataSource != null) {
            dataSource.close();
            dataSource = null;
        }
    }

    @Override
    public String toString() {
        return "node" + number + " (127.0.0.1:" + port + ")";
    }
}
