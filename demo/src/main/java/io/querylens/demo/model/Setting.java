package io.querylens.demo.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A shop setting (currency, tax rate, ...), looked up by key. */
@Entity
@Table(name = "demo_setting")
public class Setting {
    @Id
    private Long id;

    @Column(name = "setting_key", nullable = false, unique = true, length = 50)
    private String key;

    @Column(name = "setting_value", nullable = false, length = 200)
    private String value;

    protected Setting() {
        // for Hibernate
    }

    public Long getId() {
        return id;
    }

    public String getKey() {
        return key;
    }

    public String getValue() {
        return value;
    }
}
