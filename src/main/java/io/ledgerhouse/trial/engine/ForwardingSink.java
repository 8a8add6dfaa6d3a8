package io.ledgerhouse.trial.engine;

import io.ledgerhouse.trial.engine.GeneratedAccount.DailyUsage;
import io.ledgerhouse.trial.engine.GeneratedAccount.DatabaseStorage;
import io.ledgerhouse.trial.engine.GeneratedAccount.LoadInterval;
import io.ledgerhouse.trial.engine.GeneratedAccount.MeteringHour;
import io.ledgerhouse.trial.engine.GeneratedAccount.Query;
import io.ledgerhouse.trial.engine.GeneratedAccount.Rate;
import io.ledgerhouse.trial.engine.GeneratedAccount.ServiceHour;
import io.ledgerhouse.trial.engine.GeneratedAccount.Sink;
import io.ledgerhouse.trial.engine.GeneratedAccount.TableRead;
import io.ledgerhouse.trial.engine.GeneratedAccount.TableStorage;
import io.ledgerhouse.trial.engine.GeneratedAccount.Warehouse;
import io.ledgerhouse.trial.engine.GeneratedAccount.WarehouseEvent;

/** Passes every row on to another sink; extend it to look at some rows on the way. */
public class ForwardingSink implements Sink {

    private final Sink delegate;

    public ForwardingSink(Sink delegate) {
        this.delegate = delegate;
    }

    @Override
    public void warehouse(Warehouse warehouse) {
        delegate.warehouse(warehouse);
    }

    @Override
    public void query(Query query) {
        delegate.query(query);
    }

    @Override
    public void meteringHour(MeteringHour hour) {
        delegate.meteringHour(hour);
    }

    @Override
    public void event(WarehouseEvent event) {
        delegate.event(event);
    }

    @Override
    public void load(LoadInterval interval) {
        delegate.load(interval);
    }

    @Override
    public void serviceHour(ServiceHour hour) {
        delegate.serviceHour(hour);
    }

    @Override
    public void dailyMetering(DailyUsage day) {
        delegate.dailyMetering(day);
    }

    @Override
    public void databaseStorage(DatabaseStorage day) {
        delegate.databaseStorage(day);
    }

    @Override
    public void table(TableStorage table) {
        delegate.table(table);
    }

    @Override
    public void tableRead(TableRead read) {
        delegate.tableRead(read);
    }

    @Override
    public void rate(Rate rate) {
        delegate.rate(rate);
    }
}
