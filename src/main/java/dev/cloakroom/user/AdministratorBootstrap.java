package dev.cloakroom.user;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Creates the administrator named by {@code cloakroom.admin.*} at start-up, once. */
@ApplicationScoped
public class AdministratorBootstrap {

    @Inject
    AdminAccountConfig admin;

    @Inject
    UserService users;

    void onStart(@Observes StartupEvent event) {
        if (admin.loginName().isPresent() && admin.password().isPresent()) {
            users.ensureAdministrator(admin.loginName().get(), admin.password().get());
        }
    }
}
