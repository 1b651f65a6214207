package io.querylens.demo.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.LocalDateTime;

/**
 * A catalogue product: a deliberately wide row (14 columns, one of them a long description) so that
 * {@code SELECT *} fetches far more than a page of product names needs. The seed has 200 of them.
 */
@Entity
@Table(name = "demo_product")
public class Product {
    @Id
    private Long id;

    @Column(name = "sku", nullable = false, length = 20)
    private String sku;

    @Column(name = "name", nullable = false, length = 100)
    private String name;

    @Column(name = "description", length = 2000)
    private String description;

    @Column(name = "category", nullable = false, length = 40)
    private String category;

    @Column(name = "price", nullable = false, precision = 10, scale = 2)
    private BigDecimal price;

    @Column(name = "currency", nullable = false, length = 3)
    private String currency;

    @Column(name = "stock", nullable = false)
    private int stock;

    @Column(name = "weight_grams", nullable = false)
    private int weightGrams;

    @Column(name = "color", length = 20)
    private String color;

    @Column(name = "supplier", length = 100)
    private String supplier;

    @Column(name = "active", nullable = false)
    private boolean active;

    @Column(name = "created_at", nullable = false)
    private LocalDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    private LocalDateTime updatedAt;

    protected Product() {
        // for Hibernate
    }

    public Long getId() {
        return id;
    }

    public String getSku() {
        return sku;
    }

    public String getName() {
        return name;
    }

    public String getDescription() {
        return description;
    }

    public String getCategory() {
        return category;
    }

    public BigDecimal getPrice() {
        return price;
    }

    public String getCurrency() {
        return currency;
    }

    public int getStock() {
        return stock;
    }

    public int getWeightGrams() {
        return weightGrams;
    }

    public String getColor() {
        return color;
    }

    public String getSupplier() {
        return supplier;
    }

    public boolean isActive() {
        return active;
    }

    public LocalDateTime getCreatedAt() {
        return createdAt;
    }

    public LocalDateTime getUpdatedAt() {
        return updatedAt;
    }
}
