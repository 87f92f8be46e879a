package dev.cloakroom.prune;

import java.sql.SQLException;

/**
 * Called in every chunk after the candidates are read and before they are deleted. Nothing in
 * production: it is the seam through which tests make races and failures happen exactly there.
 */
@FunctionalInterface
interface BetweenReadAndDelete {

    BetweenReadAndDelete NOTHING = candidates -> {
    };

    void accept(Candidates candidates) throws SQLException;
}
