package org.astronrpa.openapi.archfixture.broken.adapters.persistence;

/** Breaks rule 7: an adapter helper made public (so another adapter can reach it). */
public record OrderRows(String id) {
}
