package dev.cloakroom.db;

import io.agroal.api.AgroalDataSource;
import io.quarkus.flyway.FlywayConfigurationCustomizer;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Migrations at start-up may run for minutes on a large table (an index built, a column
 * changed), far past the pool's short network timeout. Flyway gets the pool's connections with
 * the timeout raised as for {@link LongStatements}; once start-up is over, the idle connections
 * it used are dropped from the pool, so no connection with the raised timeout serves a request.
 */
@Singleton
public class PatientMigrations implements FlywayConfigurationCustomizer {

    @Inject
    AgroalDataSource pool;

    @Override
    public void customize(FluentConfiguration configuration) {
        DataSource pooled = configuration.getDataSource();
        if (pooled != null) {
            configuration.dataSource(new Raised(pooled));
        }
    }

    /**
     * Migrations run before the start-up event; this observer comes first among its observers,
     * before any of them borrows a connection Flyway used.
     */
    void dropMigrationConnections(@Observes @Priority(1) StartupEvent started) {
        pool.flush(AgroalDataSource.FlushMode.IDLE);
    }

    /** The pool, handing out connections with the raised network timeout. */
    private record Raised(DataSource pooled) implements DataSource {

        @Override
        public Connection getConnection() throws SQLException {
            return raise(pooled.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return raise(pooled.getConnection(username, password));
        }

        private static Connection raise(Connection connection) throws SQLException {
            try {
                LongStatements.allow(connection);
                return connection;
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return pooled.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            pooled.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            pooled.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return pooled.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return pooled.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return type.isInstance(this) ? type.cast(this) : pooled.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return type.isInstance(this) || pooled.isWrapperFor(type);
        }
    }
}
