package io.querylens.demo.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDateTime;

/**
 * A click-stream event. Mapped so that Hibernate creates the table; the shop reads it with plain JDBC.
 * The seed has 20,000 of them: enough that reading them all at once is a large result.
 */
@Entity
@Table(name = "demo_event")
public class Event {
    @Id
    private Long id;

    @Column(name = "kind", nullable = false, length = 20)
    private String kind;

    @Column(name = "payload", nullable = false, length = 200)
    private String payload;

    @Column(name = "created_at", nullable = false)
    private LocalDateTime createdAt;

    protected Event() {
        // for Hibernate
    }
}
