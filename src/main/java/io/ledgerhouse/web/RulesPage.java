package io.ledgerhouse.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerhouse.allocate.ChargebackDrillService;
import io.ledgerhouse.allocate.ChargebackService;
import io.ledgerhouse.allocate.RuleService;
import io.ledgerhouse.domain.NotFoundException;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The rules page's data: the rules in force, in the order they are tried, and the month's unallocated cost by what it
 * carried (query tags, users, resource tags), so a reader sees which rule to write next. Rules are account-wide: a
 * reader restricted to some teams ({@code visibleTeams} not null) gets none of it.
 */
@ApplicationScoped
public class RulesPage {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    RuleService rules;
    @Inject
    ChargebackDrillService drill;
    @Inject
    ChargebackService chargeback;

    @TemplateData
    public record RuleRow(long id, int version, int position, String match, String assigns, String effective,
            String description) {
    }

    @TemplateData
    public record UnmatchedRow(String what, String value, String items, String amount, String suggestion) {
    }

    @TemplateData
    public record Unallocated(String currency, String amount) {
    }

    @TemplateData
    public record Rules(String month, List<RuleRow> rules, List<Unallocated> unallocated, List<UnmatchedRow> queryTags,
            List<UnmatchedRow> users, List<UnmatchedRow> tags, String example) {
    }

    public Rules rules(YearMonth month, Set<String> visibleTeams) {
        if (visibleTeams != null) {
            throw new NotFoundException("allocation rules are for administrators");
        }
        List<RuleRow> rows = new ArrayList<>();
        for (RuleService.RuleView r : rules.list(false)) {
            ObjectNode match = JSON.valueToTree(r.match());
            match.properties().removeIf(e -> e.getValue().isNull());
            rows.add(new RuleRow(r.id(), r.version(), r.position(), match.toString(), r.team() + (r.workload() == null
                    ? "" : " / " + r.workload()) + (r.costCenter() == null ? "" : " (cost center " + r.costCenter()
                            + ")"), r.effectiveFrom() + (r.effectiveTo() == null ? " onwards" : " – "
                                    + r.effectiveTo()), r.description() == null ? "" : r.description()));
        }
        List<Unallocated> unallocated = new ArrayList<>();
        for (ChargebackService.Line l : chargeback.statement(month).lines()) {
            if (l.kind().equals("unallocated")) {
                unallocated.add(new Unallocated(l.currency(), Figures.money(l.total(), l.currency())));
            }
        }
        List<UnmatchedRow> queryTags = new ArrayList<>();
        List<UnmatchedRow> users = new ArrayList<>();
        List<UnmatchedRow> tags = new ArrayList<>();
        for (ChargebackDrillService.Unmatched u : drill.unmatched(month, 10)) {
            String money = Figures.money(u.amount(), u.currency());
            switch (u.kind()) {
                case "queryTag" -> queryTags.add(new UnmatchedRow("query tag", u.value(), u.items() + " queries",
                        money, u.value().startsWith("(") ? "{\"match\":{\"user\":\"…\"},\"team\":\"…\"}"
                                : "{\"match\":{\"queryTagRegex\":\"" + esc(java.util.regex.Pattern.quote(u.value()))
                                        + "\"},\"team\":\"…\"}"));
                case "user" -> users.add(new UnmatchedRow("user", u.value(), u.items() + " queries", money,
                        "{\"match\":{\"user\":\"" + esc(u.value()) + "\"},\"team\":\"…\"}"));
                case "tag" -> tags.add(new UnmatchedRow("tag " + u.key(), u.value(), u.items() + " charges", money,
                        "{\"match\":{\"tagKey\":\"" + esc(u.key()) + "\",\"tagValue\":\"" + esc(u.value()) + "\"},\"team\":\"…\"}"));
                default -> tags.add(new UnmatchedRow("untagged service", u.value(), u.items() + " charges", money,
                        "{\"match\":{\"service\":\"" + esc(u.value()) + "\"},\"team\":\"…\"}"));
            }
        }
        String example = "{\"match\": {\"queryTagKey\": \"team\"}, \"team\": \"{queryTag.team}\", "
                + "\"workload\": \"{queryTag.workload}\", \"effectiveFrom\": \"" + month.atDay(1) + "\"}";
        return new Rules(month.toString(), rows, unallocated, queryTags, users, tags, example);
    }

    private static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
