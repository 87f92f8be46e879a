package dev.cloakroom.prune;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;

/**
 * InnoDB's history list length: undo records the purge threads have not caught up with. Every
 * delete adds to it; when it grows, every read walks longer version chains. The same query
 * works on MySQL and MariaDB (their column saying whether a metric is on is named differently,
 * so it is not named here). Needs the PROCESS privilege on MySQL.
 */
@ApplicationScoped
public class InnoDbHistory {

    @Inject
    AgroalDataSource dataSource;

    /** The current length, or empty when this account or engine cannot read it. */
    public OptionalLong length() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT count FROM information_schema.INNODB_METRICS WHERE name = 'trx_rseg_history_len'");
                ResultSet row = select.executeQuery()) {
            return row.next() ? OptionalLong.of(row.getLong(1)) : OptionalLong.empty();
        } catch (SQLException e) {
            return OptionalLong.empty();
        }
    }
}
