/**
 * A ServiceNow instance emulator for tests, benchmarks and the sandbox ({@link
 * io.tradinggrid.emulator.servicenow.ServiceNowEmulator}).
 * <p>
 * Emulated: Table API ({@code /api/now[/v1|/v2]/table/{table}[/{sys_id}]}, GET/HEAD/POST/PUT/PATCH/DELETE,
 * X-HTTP-Method-Override, X-no-response-body), record shape of the documentation examples (string values,
 * {@code {link,value}} references), sysparm_display_value/fields (dot-walk)/exclude_reference_link/limit/offset/
 * no_count/suppress_pagination_header/input_display_value, name-value filters, encoded queries, Link and
 * X-Total-Count, journal fields in sys_journal_field, incident/case/task state models, Attachment API (raw,
 * multipart, list, metadata, download, delete), Basic and OAuth (password, refresh_token, client_credentials),
 * optional hourly rate limit, outbound webhook, seed data.
 * <p>
 * Deliberate choices where the documentation is silent:
 * <ul>
 *   <li>Content-Type is required on POST, PUT and PATCH only (not on a body-less DELETE); Accept is required on
 *       Table API and attachment metadata calls ({@code application/json}, {@code application/*} or {@code * /*}),
 *       XML answers 406; the file download takes any Accept.</li>
 *   <li>Resolving or closing an incident without close_code and close_notes, and putting it On Hold without
 *       hold_reason, answers 403 "Operation Failed" like a data policy; nothing is written.</li>
 *   <li>Values in {@code sysparm_query} compare case-sensitively; references match sys_ids only (name-value pair
 *       filters also accept display values). {@code !=} matches empty values.</li>
 *   <li>Link URLs repeat the request parameters percent-encoded (so no ',' or ';' inside an entry) and end with
 *       {@code sysparm_offset=..&sysparm_limit=..}; with sysparm_no_count there is no X-Total-Count and no last.</li>
 *   <li>No session cookie unless switched on ({@code PUT /_emulator/config {"sessionCookie":true}}); a cookie never
 *       authenticates.</li>
 *   <li>A JSON (non form-urlencoded) token request answers 401 {@code {"error_description":"access_denied","error":"server_error"}}.</li>
 * </ul>
 */
package io.tradinggrid.emulator.servicenow;
