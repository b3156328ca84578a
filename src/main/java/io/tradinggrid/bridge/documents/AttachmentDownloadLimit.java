package io.tradinggrid.bridge.documents;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.regex.Pattern;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;
import org.apache.hc.core5.http.protocol.HttpCoreContext;

/**
 * Cuts a file download at the attachment limit on the wire. The HTTP producer copies a whole answer into the stream
 * cache (to disk past its threshold) before any step sees it, so a download that streams far more than its metadata
 * says would be stored in full; this ends the stream one byte past {@code tgb.attachments.max-bytes}, which the bytes
 * check then refuses ({@link AttachmentBytesCheck}). Only the community's GET /attachments/{id}/content is touched:
 * files the bridge fetches from ServiceNow or the Workflow Service for partners are not cut.
 */
public class AttachmentDownloadLimit implements HttpClientConfigurer {

    private final long maxBytes;
    private final Pattern download;
    private final String host;

    /** @param communityBaseUrl tgb.community.base-url: downloads from there, and only there, are cut */
    public AttachmentDownloadLimit(long maxBytes, String communityBaseUrl) {
        this.maxBytes = maxBytes;
        URI base = URI.create(communityBaseUrl);
        String basePath = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        this.download = Pattern.compile(Pattern.quote(basePath) + "/attachments/[^/?]+/content(\\?.*)?");
        this.host = base.getHost();
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.addResponseInterceptorLast((response, details, context) -> {
            HttpRequest request = HttpCoreContext.cast(context).getRequest();
            if (request != null && "GET".equals(request.getMethod()) && request.getPath() != null
                    && download.matcher(request.getPath()).matches()
                    && (request.getAuthority() == null || host == null || host.equalsIgnoreCase(request.getAuthority().getHostName()))
                    && response instanceof ClassicHttpResponse classic
                    && classic.getEntity() != null) {
                classic.setEntity(new Bounded(classic.getEntity(), maxBytes + 1));
            }
        });
    }

    /** The answer's entity, ending after {@code cut} bytes; its length is unknown, so nothing sizes a buffer by it. */
    private static final class Bounded extends HttpEntityWrapper {
        private final long cut;

        Bounded(HttpEntity entity, long cut) {
            super(entity);
            this.cut = cut;
        }

        @Override
        public long getContentLength() {
            return -1;
        }

        @Override
        public InputStream getContent() throws IOException {
            return new FilterInputStream(super.getContent()) {
                private long left = cut;

                @Override
                public int read() throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int b = super.read();
                    if (b >= 0) {
                        left--;
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int n = super.read(buffer, offset, (int) Math.min(length, left));
                    if (n > 0) {
                        left -= n;
                    }
                    return n;
                }
            };
        }
    }
}
