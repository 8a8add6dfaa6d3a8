package io.ledgerhouse.advise.engine;

import java.util.List;

/** The multi-cluster analysis of one warehouse: each rule's finding in words, and the recommendations. */
public record MultiClusterAdvice(List<String> findings, List<Recommendation> recommendations) {
}
