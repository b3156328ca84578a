package io.tradinggrid.bridge.flow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/**
 * Hands a page of a walk to the walk's cursor and returns the items to pass on (routes/paged-walk.camel.yaml). The
 * last page also brings the items the cursor held back until the walk was over, so the walk hands on every item in
 * one place.
 */
public class PageItems {

    public List<JsonNode> accept(@ExchangeProperty(ExchangeKeys.CURSOR) PageCursor cursor, @Body JsonNode page, @Header("Link") String link) {
        List<JsonNode> items = cursor.accept(page, link);
        if (cursor.hasNext()) {
            return items;
        }
        List<JsonNode> last = new ArrayList<>(items);
        last.addAll(cursor.drain());
        return last;
    }
}
