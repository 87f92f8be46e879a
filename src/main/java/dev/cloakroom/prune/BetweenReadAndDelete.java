package dev.cloakroom.prune;

import dev.cloakroom.session.SessionRepository.ExpiryKey;
import java.sql.SQLException;
import java.util.List;

/**
 * Called in every chunk after the candidates are read and before they are deleted. Nothing in
 * production: it is the seam through which tests make races and failures happen exactly there.
 */
@FunctionalInterface
interface BetweenReadAndDelete {

    BetweenReadAndDelete NOTHING = candidates -> {
    };

    void accept(List<ExpiryKey> candidates) throws SQLException;
}
