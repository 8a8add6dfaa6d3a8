package io.ledgerhouse.security;

/**
 * The four roles a caller can hold (the JWT's {@code groups} claim, or the claim named by
 * {@code smallrye.jwt.path.groups}). What each may do is the table in docs/security.md; resources state it with
 * {@code @RolesAllowed} on every method.
 */
public final class Roles {

    /** Everything: rules, policies, teams, budgets, sources, imports, allocation runs, and every read. */
    public static final String ADMIN = "admin";
    /** Reads everything, exports, reconciliation, budgets (create, change, delete, evaluate). */
    public static final String FINOPS = "finops";
    /** Reads every cost; the recommendations workflow (status changes, refresh). */
    public static final String ENGINEER = "engineer";
    /** Reads only the costs, forecasts, budgets and queries of the caller's own teams (the teams claim). */
    public static final String TEAM = "team";

    private Roles() {
    }
}
