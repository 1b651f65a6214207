package io.querylens.demo.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDateTime;

/**
 * An audit log row. Mapped so that Hibernate creates the table (with a database-generated id); the
 * unbatched-writes trap inserts into it with plain JDBC.
 */
@Entity
@Table(name = "demo_audit")
public class AuditEntry {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "action", nullable = false, length = 40)
    private String action;

    @Column(name = "detail", nullable = false, length = 200)
    private String detail;

    @Column(name = "created_at", nullable = false)
    private LocalDateTime createdAt;

    protected AuditEntry() {
        // for Hibernate
    }
}
