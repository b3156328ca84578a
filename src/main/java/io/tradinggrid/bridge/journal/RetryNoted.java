package io.tradinggrid.bridge.journal;

import io.tradinggrid.bridge.flow.ExchangeKeys;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The error handler's onRedelivery: each retry of a thread's journey shows in its timeline. A processor because the
 * error handler calls one (it is not a route step); it only reads the exchange.
 */
public class RetryNoted implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(RetryNoted.class);

    private final ThreadJournal journal;

    public RetryNoted(ThreadJournal journal) {
        this.journal = journal;
    }

    @Override
    public void process(Exchange exchange) {
        Integer attempt = exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
        try {
            journal.retrying(exchange.getProperty(ExchangeKeys.THREAD_ID, String.class), attempt == null ? 0 : attempt,
                    exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class), exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class));
        } catch (RuntimeException e) {
            // the retry goes ahead: a store too busy to note it must not turn it into another failure
            LOG.warn("Could not note retry {} of thread {} in its timeline: {}", attempt, exchange.getProperty(ExchangeKeys.THREAD_ID), e.toString());
        }
    }
}
