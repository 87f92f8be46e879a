package dev.cloakroom.session;

import dev.cloakroom.user.User;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One row of {@code sessions}. The raw token is never here: only its SHA-256 hash. The
 * public id is a separate random value, safe to show and to put in URLs.
 */
@Entity
@Table(name = "sessions")
public class Session extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "public_id", nullable = false, updatable = false, length = 22)
    public String publicId;

    @JdbcTypeCode(SqlTypes.BINARY)
    @Column(name = "token_hash", nullable = false, updatable = false, length = 32)
    public byte[] tokenHash;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "user_id", updatable = false)
    public User user;

    /** The session data, a JSON object as text. */
    @Column(name = "data", nullable = false)
    public String data;

    @Column(name = "version", nullable = false)
    public long version;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "last_seen_at", nullable = false)
    public Instant lastSeenAt;

    @Column(name = "absolute_expires_at", nullable = false, updatable = false)
    public Instant absoluteExpiresAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    /** When the user last typed the password for this session (login, password change, reauthentication); null for a guest. */
    @Column(name = "authenticated_at")
    public Instant authenticatedAt;

    @Column(name = "user_agent", updatable = false)
    public String userAgent;

    @Column(name = "ip", updatable = false)
    public String ip;

    /** The user's credential version when the password was checked; the session is live only while it is current. */
    @Column(name = "credential_version", nullable = false)
    public long credentialVersion;

    /** Whether a password change has ended this session (a guest's never is). */
    public boolean outlivedItsPassword() {
        return user != null && credentialVersion != user.credentialVersion;
    }

    /** A field-by-field copy, not managed: what a write answers with, leaving the request's session as it was read. */
    Session copy() {
        Session copy = new Session();
        copy.id = id;
        copy.publicId = publicId;
        copy.tokenHash = tokenHash;
        copy.user = user;
        copy.data = data;
        copy.version = version;
        copy.createdAt = createdAt;
        copy.lastSeenAt = lastSeenAt;
        copy.absoluteExpiresAt = absoluteExpiresAt;
        copy.expiresAt = expiresAt;
        copy.authenticatedAt = authenticatedAt;
        copy.userAgent = userAgent;
        copy.ip = ip;
        copy.credentialVersion = credentialVersion;
        return copy;
    }
}
