package io.ledgerhouse.costs.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerhouse.costs.engine.CostQuery.FilterTerm;
import io.ledgerhouse.costs.engine.CostQuery.Grouping;
import io.ledgerhouse.domain.InvalidParameterException;
import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CostQueryParserTest {

    private static final LocalDate SEP = LocalDate.of(2024, 9, 1);
    private static final LocalDate OCT = LocalDate.of(2024, 10, 1);

    @Test
    void groupingsAndFiltersAreRead() {
        CostQuery q = CostQueryParser.parse("2024-09-01", "2024-10-01", "provider, tag: Env ,month",
                "provider:AWS,provider:Microsoft,tag:Team:data:eng", null, SEP, OCT);
        assertThat(q.groupBy()).containsExactly(new Grouping(CostDimension.PROVIDER, null),
                new Grouping(CostDimension.TAG, "env"), new Grouping(CostDimension.MONTH, null));
        assertThat(q.filters()).containsExactly(new FilterTerm(CostDimension.PROVIDER, null, "AWS"),
                new FilterTerm(CostDimension.PROVIDER, null, "Microsoft"),
                new FilterTerm(CostDimension.TAG, "team", "data:eng"));
        assertThat(q.limit()).isEqualTo(CostQueryParser.DEFAULT_LIMIT);
    }

    @Test
    void missingDatesTakeTheDefaults() {
        CostQuery q = CostQueryParser.parse(null, "", null, null, null, SEP, OCT);
        assertThat(q.from()).isEqualTo(SEP);
        assertThat(q.to()).isEqualTo(OCT);
        assertThat(q.groupBy()).isEmpty();
    }

    @ParameterizedTest(name = "{0}={1} is rejected")
    @CsvSource(delimiter = '|', value = {
        "from    | 2024/09/01",
        "to      | 2024-08-01",
        "groupBy | provider,provider",
        "groupBy | provider,,service",
        "groupBy | tag:",
        "groupBy | colour",
        "filter  | provider",
        "filter  | day:2024-09-01",
        "filter  | tag:env",
        "limit   | 0",
        "limit   | 100001",
    })
    void mistakesNameTheParameter(String parameter, String value) {
        String from = parameter.equals("from") ? value : "2024-09-01";
        String to = parameter.equals("to") ? value : "2024-10-01";
        assertThatThrownBy(() -> CostQueryParser.parse(from, to, parameter.equals("groupBy") ? value : null,
                parameter.equals("filter") ? value : null, parameter.equals("limit") ? value : null, SEP, OCT))
                .isInstanceOf(InvalidParameterException.class)
                .satisfies(e -> assertThat(((InvalidParameterException) e).parameter()).isEqualTo(parameter));
    }
}
