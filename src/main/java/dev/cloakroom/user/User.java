package dev.cloakroom.user;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "users")
public class User extends PanacheEntityBase {

    public static final String ROLE_USER = "user";
    public static final String ROLE_ADMIN = "admin";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "login_name", nullable = false)
    public String loginName;

    @Column(name = "login_key", nullable = false)
    public String loginKey;

    @Column(name = "password_hash", nullable = false)
    public String passwordHash;

    @Column(name = "role", nullable = false)
    public String role;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Moves on with every password change; a session opened under an older one is no longer live. */
    @Column(name = "credential_version", nullable = false)
    public long credentialVersion;

    public boolean isAdmin() {
        return ROLE_ADMIN.equals(role);
    }
}
