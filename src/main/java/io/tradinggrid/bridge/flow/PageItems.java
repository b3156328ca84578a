package io.tradinggrid.bridge.flow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/** Hands a page of a walk to the walk's cursor and returns the items to pass on (routes/paged-walk.camel.yaml). */
public class PageItems {

    public List<JsonNode> accept(@ExchangeProperty(ExchangeKeys.CURSOR) PageCursor cursor, @Body JsonNode page, @Header("Link") String link) {
        return cursor.accept(page, link);
    }
}
