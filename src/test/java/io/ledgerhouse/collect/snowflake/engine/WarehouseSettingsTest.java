package io.ledgerhouse.collect.snowflake.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WarehouseSettingsTest {

    private static WarehouseSettings wh(String name, int autoSuspend) {
        return new WarehouseSettings(name, "Medium", "STANDARD", null, autoSuspend, true, 1, 1, "STANDARD", false, 8);
    }

    @Test
    void changedNewAndDroppedWarehousesAreRecordedUnchangedOnesLeftAlone() {
        Map<String, WarehouseSettings> inForce = Map.of("A", wh("A", 600), "B", wh("B", 60), "GONE", wh("GONE", 60));
        WarehouseSettings.Changes changes = WarehouseSettings.diff(inForce,
                List.of(wh("A", 120), wh("B", 60), wh("NEW", 300)));
        assertThat(changes.close()).containsExactly("A", "GONE");
        assertThat(changes.open()).containsExactly(wh("A", 120), wh("NEW", 300));
    }

    @Test
    void observingTheSameSettingsChangesNothing() {
        assertThat(WarehouseSettings.diff(Map.of("A", wh("A", 600)), List.of(wh("A", 600))).isEmpty()).isTrue();
    }
}
