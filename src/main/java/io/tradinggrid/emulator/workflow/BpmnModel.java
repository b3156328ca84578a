package io.tradinggrid.emulator.workflow;

import io.tradinggrid.emulator.BadRequestException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * One executable BPMN 2.0 process, parsed from XML, limited to what the emulator interprets:
 * startEvent (none, message), userTask, exclusiveGateway, parallelGateway, endEvent (none, terminate) and
 * sequenceFlow (with conditionExpression). Documentation, extensionElements, text annotations, associations,
 * lanes and diagram interchange are ignored. Anything else is rejected when the model is deployed.
 * <p>
 * User-task extension attributes are read from the OpenText namespace {@value #WORKFLOW_NS} (the Flowable and
 * Activiti namespaces are accepted too): {@code assignee, candidateUsers, candidateGroups, dueDate, priority,
 * category, formKey, taskType, outcomeVariable, possibleOutcomes} ({@code "Label:value,Label:value"}).
 */
final class BpmnModel {

    static final String BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    static final String WORKFLOW_NS = "http://workflow.opentext.com";
    private static final Set<String> EXTENSION_NS = Set.of(WORKFLOW_NS, "http://flowable.org/bpmn", "http://activiti.org/bpmn");
    private static final Set<String> IGNORED = Set.of("documentation", "extensionElements", "textAnnotation",
            "association", "laneSet", "dataObject", "dataObjectReference", "dataStoreReference");

    enum Type { START_EVENT, USER_TASK, EXCLUSIVE_GATEWAY, PARALLEL_GATEWAY, END_EVENT }

    record Outcome(String label, String value) {
    }

    static final class FlowNode {
        final String id;
        final Type type;
        final String name;
        final String documentation;
        final List<Flow> outgoing = new ArrayList<>();
        final List<Flow> incoming = new ArrayList<>();
        String defaultFlow;
        String messageName;      // message start event
        boolean terminate;       // terminate end event
        // user task
        Expr assignee;
        Expr candidateUsers;
        Expr candidateGroups;
        Expr dueDate;
        Expr priority;
        Expr nameExpr;
        Expr documentationExpr;
        String category;
        String formKey;
        String taskType;
        String outcomeVariable;
        List<Outcome> possibleOutcomes = List.of();

        FlowNode(String id, Type type, String name, String documentation) {
            this.id = id;
            this.type = type;
            this.name = name;
            this.documentation = documentation;
        }

        String bpmnType() {
            switch (type) {
                case START_EVENT: return "startEvent";
                case USER_TASK: return "userTask";
                case EXCLUSIVE_GATEWAY: return "exclusiveGateway";
                case PARALLEL_GATEWAY: return "parallelGateway";
                default: return "endEvent";
            }
        }
    }

    record Flow(String id, String name, String sourceRef, String targetRef, Expr condition) {
    }

    final String key;
    final String name;
    final String documentation;
    final String targetNamespace;
    final Map<String, FlowNode> nodes = new LinkedHashMap<>();
    final Map<String, Flow> flows = new LinkedHashMap<>();

    private BpmnModel(String key, String name, String documentation, String targetNamespace) {
        this.key = key;
        this.name = name;
        this.documentation = documentation;
        this.targetNamespace = targetNamespace;
    }

    FlowNode node(String id) {
        return nodes.get(id);
    }

    /** The none start event, or null. */
    FlowNode noneStart() {
        for (FlowNode n : nodes.values()) {
            if (n.type == Type.START_EVENT && n.messageName == null) {
                return n;
            }
        }
        return null;
    }

    FlowNode messageStart(String messageName) {
        for (FlowNode n : nodes.values()) {
            if (n.type == Type.START_EVENT && messageName.equals(n.messageName)) {
                return n;
            }
        }
        return null;
    }

    List<FlowNode> userTasks() {
        List<FlowNode> list = new ArrayList<>();
        for (FlowNode n : nodes.values()) {
            if (n.type == Type.USER_TASK) {
                list.add(n);
            }
        }
        return list;
    }

    // ---- parsing -------------------------------------------------------------------------------

    static BpmnModel parse(String xml) {
        if (xml == null || xml.isBlank()) {
            throw new BadRequestException("modelContent is empty");
        }
        Document doc;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            doc = builder.parse(new InputSource(new StringReader(xml)));
        } catch (Exception e) {
            throw new BadRequestException("modelContent is not well-formed BPMN 2.0 XML: " + e.getMessage());
        }
        Element root = doc.getDocumentElement();
        if (!"definitions".equals(root.getLocalName()) || !BPMN_NS.equals(root.getNamespaceURI())) {
            throw new BadRequestException("modelContent is not BPMN 2.0 XML: the root element must be <definitions> in namespace " + BPMN_NS);
        }
        Map<String, String> messages = new HashMap<>();
        List<Element> processes = new ArrayList<>();
        for (Element child : children(root)) {
            if ("message".equals(child.getLocalName())) {
                messages.put(child.getAttribute("id"), child.hasAttribute("name") ? child.getAttribute("name") : child.getAttribute("id"));
            } else if ("process".equals(child.getLocalName()) && !"false".equals(child.getAttribute("isExecutable"))) {
                processes.add(child);
            }
        }
        if (processes.size() != 1) {
            throw new BadRequestException("The emulator deploys models with exactly one executable <process>; found " + processes.size());
        }
        Element process = processes.get(0);
        String key = process.getAttribute("id");
        if (key.isBlank()) {
            throw new BadRequestException("The <process> has no id (the process definition key)");
        }
        BpmnModel model = new BpmnModel(key, attrOrNull(process, "name"), documentation(process), attrOrNull(root, "targetNamespace"));
        List<Element> flowElements = new ArrayList<>();
        for (Element e : children(process)) {
            String local = e.getLocalName();
            if ("sequenceFlow".equals(local)) {
                flowElements.add(e);
            } else if (IGNORED.contains(local)) {
                continue;
            } else {
                model.addNode(e, messages);
            }
        }
        for (Element e : flowElements) {
            String id = e.getAttribute("id");
            String source = e.getAttribute("sourceRef");
            String target = e.getAttribute("targetRef");
            FlowNode from = model.nodes.get(source);
            FlowNode to = model.nodes.get(target);
            if (from == null || to == null) {
                throw new BadRequestException("sequenceFlow '" + id + "' refers to an unknown element ('" + source + "' -> '" + target + "')");
            }
            Expr condition = null;
            for (Element c : children(e)) {
                if ("conditionExpression".equals(c.getLocalName()) && !c.getTextContent().isBlank()) {
                    condition = Expr.parse(c.getTextContent().trim());
                }
            }
            Flow flow = new Flow(id, attrOrNull(e, "name"), source, target, condition);
            model.flows.put(id, flow);
            from.outgoing.add(flow);
            to.incoming.add(flow);
        }
        model.validate();
        return model;
    }

    private void addNode(Element e, Map<String, String> messages) {
        String local = e.getLocalName();
        String id = e.getAttribute("id");
        if (id.isBlank()) {
            throw new BadRequestException("Element <" + local + "> has no id");
        }
        if (nodes.containsKey(id)) {
            throw new BadRequestException("Duplicate element id '" + id + "'");
        }
        String name = attrOrNull(e, "name");
        FlowNode node;
        switch (local) {
            case "startEvent": {
                node = new FlowNode(id, Type.START_EVENT, name, documentation(e));
                for (Element def : children(e)) {
                    if ("messageEventDefinition".equals(def.getLocalName())) {
                        String ref = def.getAttribute("messageRef");
                        node.messageName = messages.getOrDefault(ref, ref);
                        if (node.messageName.isBlank()) {
                            throw new BadRequestException("Message start event '" + id + "' has no messageRef");
                        }
                    } else if (def.getLocalName().endsWith("EventDefinition")) {
                        throw unsupported("startEvent with " + def.getLocalName(), id);
                    }
                }
                break;
            }
            case "endEvent": {
                node = new FlowNode(id, Type.END_EVENT, name, documentation(e));
                for (Element def : children(e)) {
                    if ("terminateEventDefinition".equals(def.getLocalName())) {
                        node.terminate = true;
                    } else if (def.getLocalName().endsWith("EventDefinition")) {
                        throw unsupported("endEvent with " + def.getLocalName(), id);
                    }
                }
                break;
            }
            case "exclusiveGateway":
                node = new FlowNode(id, Type.EXCLUSIVE_GATEWAY, name, documentation(e));
                node.defaultFlow = attrOrNull(e, "default");
                break;
            case "parallelGateway":
                node = new FlowNode(id, Type.PARALLEL_GATEWAY, name, documentation(e));
                break;
            case "userTask":
                node = new FlowNode(id, Type.USER_TASK, name, documentation(e));
                node.defaultFlow = attrOrNull(e, "default");
                node.assignee = expr(e, "assignee");
                node.candidateUsers = expr(e, "candidateUsers");
                node.candidateGroups = expr(e, "candidateGroups");
                node.dueDate = expr(e, "dueDate");
                node.priority = expr(e, "priority");
                node.nameExpr = name == null ? null : Expr.parse(name);
                node.documentationExpr = node.documentation == null ? null : Expr.parse(node.documentation);
                node.category = ext(e, "category");
                node.formKey = ext(e, "formKey");
                node.taskType = ext(e, "taskType");
                node.outcomeVariable = ext(e, "outcomeVariable");
                node.possibleOutcomes = outcomes(ext(e, "possibleOutcomes"), id);
                if (!node.possibleOutcomes.isEmpty() && node.outcomeVariable == null) {
                    throw new BadRequestException("userTask '" + id + "' lists possibleOutcomes but has no outcomeVariable");
                }
                break;
            default:
                throw unsupported(local, id);
        }
        for (Element child : children(e)) {
            String c = child.getLocalName();
            if (!IGNORED.contains(c) && !c.endsWith("EventDefinition")) {
                // e.g. multiInstanceLoopCharacteristics, ioSpecification, boundary definitions
                throw unsupported(local + " with <" + c + ">", id);
            }
        }
        nodes.put(id, node);
    }

    private void validate() {
        boolean hasStart = false;
        for (FlowNode n : nodes.values()) {
            if (n.type == Type.START_EVENT) {
                hasStart = true;
                if (!n.incoming.isEmpty()) {
                    throw new BadRequestException("startEvent '" + n.id + "' must not have incoming sequence flows");
                }
            }
            if (n.type != Type.END_EVENT && n.outgoing.isEmpty()) {
                throw new BadRequestException(n.bpmnType() + " '" + n.id + "' has no outgoing sequence flow");
            }
            if (n.type == Type.END_EVENT && !n.outgoing.isEmpty()) {
                throw new BadRequestException("endEvent '" + n.id + "' must not have outgoing sequence flows");
            }
            if (n.type != Type.START_EVENT && n.incoming.isEmpty()) {
                throw new BadRequestException(n.bpmnType() + " '" + n.id + "' is not reachable: it has no incoming sequence flow");
            }
            if (n.defaultFlow != null) {
                Flow flow = flows.get(n.defaultFlow);
                if (flow == null || !flow.sourceRef().equals(n.id)) {
                    throw new BadRequestException("Default flow '" + n.defaultFlow + "' of '" + n.id + "' is not one of its outgoing flows");
                }
            }
        }
        if (!hasStart) {
            throw new BadRequestException("Process '" + key + "' has no startEvent");
        }
    }

    private static BadRequestException unsupported(String what, String id) {
        return new BadRequestException("Unsupported BPMN element '" + what + "' (id '" + id + "'): the Workflow emulator supports "
                + "startEvent (none, message), userTask, exclusiveGateway, parallelGateway, endEvent (none, terminate) and sequenceFlow");
    }

    private static List<Outcome> outcomes(String spec, String id) {
        if (spec == null || spec.isBlank()) {
            return List.of();
        }
        List<Outcome> list = new ArrayList<>();
        for (String part : spec.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int colon = p.lastIndexOf(':');
            String label = colon < 0 ? p : p.substring(0, colon).trim();
            String value = colon < 0 ? p : p.substring(colon + 1).trim();
            if (value.isEmpty()) {
                throw new BadRequestException("userTask '" + id + "' has an empty outcome in possibleOutcomes '" + spec + "'");
            }
            list.add(new Outcome(label, value));
        }
        return Collections.unmodifiableList(list);
    }

    private static Expr expr(Element e, String name) {
        String v = ext(e, name);
        return v == null ? null : Expr.parse(v);
    }

    private static String ext(Element e, String name) {
        NamedNodeMap attrs = e.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            Attr a = (Attr) attrs.item(i);
            if (name.equals(a.getLocalName()) && a.getNamespaceURI() != null && EXTENSION_NS.contains(a.getNamespaceURI())) {
                return a.getValue().isBlank() ? null : a.getValue().trim();
            }
        }
        return null;
    }

    private static String attrOrNull(Element e, String name) {
        return e.hasAttribute(name) && !e.getAttribute(name).isBlank() ? e.getAttribute(name) : null;
    }

    private static String documentation(Element e) {
        for (Element c : children(e)) {
            if ("documentation".equals(c.getLocalName())) {
                String text = c.getTextContent().trim();
                return text.isEmpty() ? null : text;
            }
        }
        return null;
    }

    private static List<Element> children(Element e) {
        List<Element> list = new ArrayList<>();
        NodeList nodes = e.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE) {
                list.add((Element) nodes.item(i));
            }
        }
        return list;
    }
}
