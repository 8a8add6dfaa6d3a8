package io.ledgerhouse.advise.engine;

import java.util.List;
import java.util.Optional;

/**
 * The size analysis of one warehouse: the direction indicated (or none), every rule's finding in words (triggered or
 * not, with its figure and threshold), and the recommendation when there is one.
 */
public record SizeAdvice(Direction direction, List<String> findings, Optional<Recommendation> recommendation) {

    public enum Direction {
        UP, DOWN, NONE
    }
}
