// Oracle is the reference side of omsso's differential tests: it substitutes and binds with the
// real libraries OpenMetadata runs (commons-text, Jackson, SnakeYAML), one JSON request per line
// on stdin, one JSON answer per line on stdout. One JVM serves a whole test binary; it exits when
// stdin closes.
//
// Compiled by the Go package internal/oracle with javac against Debian's jars; no build tool.

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.TypeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.apache.commons.text.StringSubstitutor;
import org.apache.commons.text.lookup.StringLookup;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;

public final class Oracle {
    // JSON lines in and out.
    private static final ObjectMapper JSON = new ObjectMapper();

    // Dropwizard's YamlConfigurationFactory parses with its own `new YAMLFactory()` and reads the
    // tree with the bootstrap mapper, Jackson.newObjectMapper() (a JSON ObjectMapper) copied with
    // FAIL_ON_UNKNOWN_PROPERTIES enabled; it then binds with mapper.readValue(new
    // TreeTraversingParser(tree, mapper), klass). That mapper registers Guava, GuavaExtras,
    // Caffeine, Joda, Afterburner/Blackbird, FuzzyEnum, ParameterNames, Jdk8 and JavaTime modules
    // and a naming strategy: none of them changes how String, Boolean, Integer, List, Set or
    // Map<String,String> bind from scalars, so a plain ObjectMapper with default coercion
    // reproduces them. Not reproduced: FuzzyEnumModule (enum keys such as clientType are bound
    // here as String) and Afterburner's generated accessors (same semantics, different code).
    private static final YAMLFactory YAML = new YAMLFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String answer;
            try {
                answer = JSON.writeValueAsString(handle(line));
            } catch (Throwable t) {
                // A malformed request (or a library bug) answers that line only.
                Map<String, Object> err = new LinkedHashMap<>();
                err.put("error", "oracle: " + t);
                answer = JSON.writeValueAsString(err);
            }
            out.write(answer);
            out.write('\n');
            out.flush();
        }
    }

    private static Map<String, Object> handle(String line) throws Exception {
        JsonNode req = JSON.readTree(line);
        if (req == null || !req.isObject()) {
            throw new IllegalArgumentException("request is not a JSON object");
        }
        String op = req.path("op").asText();
        switch (op) {
            case "subst":
                return subst(req);
            case "bind":
                return bind(req);
            case "versions":
                return versions();
            default:
                throw new IllegalArgumentException("unknown op " + JSON.writeValueAsString(op));
        }
    }

    // The versions that answered, so tests can tell which behaviours to expect.
    private static Map<String, Object> versions() {
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("jackson-dataformat-yaml", YAML.version().toString());
        res.put("jackson-databind", MAPPER.version().toString());
        res.put("jackson-core", com.fasterxml.jackson.core.json.PackageVersion.VERSION.toString());
        res.put("commons-text", jarVersion(StringSubstitutor.class));
        res.put("snakeyaml", jarVersion(org.yaml.snakeyaml.Yaml.class));
        res.put("java", System.getProperty("java.version"));
        return res;
    }

    // jarVersion reads the version from the manifest of the jar that holds c.
    private static String jarVersion(Class<?> c) {
        try {
            java.net.URL where = c.getProtectionDomain().getCodeSource().getLocation();
            try (java.util.jar.JarFile jf = new java.util.jar.JarFile(new java.io.File(where.toURI()))) {
                java.util.jar.Attributes a = jf.getManifest().getMainAttributes();
                String v = a.getValue("Implementation-Version");
                if (v == null) {
                    v = a.getValue("Bundle-Version");
                }
                return v != null ? v : "unknown";
            }
        } catch (Exception e) {
            return "unknown (" + e + ")";
        }
    }

    // Dropwizard's EnvironmentVariableSubstitutor(strict, substitutionInVariables) is a
    // StringSubstitutor built with super(System::getenv) whose constructor calls only
    // setEnableUndefinedVariableException(strict) and setEnableSubstitutionInVariables(
    // substitutionInVariables); OpenMetadata passes strict=false (the one-argument constructor
    // fixes substitutionInVariables=false). Its substitute() override only rewraps "Cannot resolve
    // variable" errors, which non-strict mode never raises. SubstitutingSourceProvider calls
    // replace(String) on the whole file. Everything else stays at commons-text's defaults.
    private static Map<String, Object> subst(JsonNode req) {
        JsonNode text = req.get("text");
        if (text == null || !text.isTextual()) {
            throw new IllegalArgumentException("subst: text must be a string");
        }
        Map<String, String> env = new HashMap<>();
        JsonNode e = req.path("env");
        if (!e.isMissingNode() && !e.isNull() && !e.isObject()) {
            throw new IllegalArgumentException("subst: env must be an object");
        }
        e.fields().forEachRemaining(f -> env.put(f.getKey(), f.getValue().asText()));
        StringLookup lookup = env::get; // as System::getenv: null when unset, "" when set to empty
        StringSubstitutor s = new StringSubstitutor(lookup);
        s.setEnableUndefinedVariableException(false);
        s.setEnableSubstitutionInVariables(false);
        Map<String, Object> res = new LinkedHashMap<>();
        try {
            res.put("out", s.replace(text.asText()));
        } catch (RuntimeException ex) {
            res.put("error", String.valueOf(ex.getMessage()));
        }
        return res;
    }

    private static Map<String, Object> bind(JsonNode req) throws Exception {
        JsonNode text = req.get("text");
        if (text == null || !text.isTextual()) {
            throw new IllegalArgumentException("bind: text must be a string");
        }
        JsonNode keys = req.path("keys");
        if (!keys.isArray()) {
            throw new IllegalArgumentException("bind: keys must be an array");
        }
        // Check the request before touching the YAML so a bad key is a request error.
        ArrayList<String> paths = new ArrayList<>();
        ArrayList<ObjectReader> readers = new ArrayList<>();
        for (JsonNode k : keys) {
            paths.add(k.path("path").asText());
            readers.add(reader(k.path("type").asText()));
        }

        Map<String, Object> res = new LinkedHashMap<>();
        JsonNode root;
        try (JsonParser p = YAML.createParser(text.asText())) {
            root = MAPPER.readTree(p);
        } catch (Exception ex) {
            res.put("parseError", shortMessage(ex));
            return res;
        }
        // Dropwizard's configuration factory refuses a document with no content before binding.
        if (root == null || root.isMissingNode()) {
            res.put("parseError", "Configuration must not be empty");
            return res;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, Object> errors = new LinkedHashMap<>();
        for (int i = 0; i < paths.size(); i++) {
            String path = paths.get(i);
            JsonNode n = root;
            String err = null;
            for (String seg : path.split("\\.", -1)) {
                if (n == null || n.isNull() || n.isMissingNode()) {
                    n = null;
                    break;
                }
                if (!(n instanceof ObjectNode)) {
                    // The parent POJO cannot bind from a scalar or an array.
                    err = "parent of " + seg + " is a " + n.getNodeType() + ", not an object";
                    break;
                }
                n = n.get(seg);
            }
            if (err != null) {
                values.put(path, null);
                errors.put(path, err);
                continue;
            }
            if (n == null) {
                values.put(path, null);
                continue;
            }
            try (JsonParser tp = MAPPER.treeAsTokens(n)) {
                values.put(path, readers.get(i).readValue(tp));
            } catch (Exception ex) {
                values.put(path, null);
                errors.put(path, shortMessage(ex));
            }
        }
        res.put("values", values);
        res.put("errors", errors);
        return res;
    }

    // The Java types jsonschema2pojo gives the auth keys: uniqueItems arrays are Sets annotated
    // @JsonDeserialize(as = LinkedHashSet.class), so the order of first occurrence is kept.
    private static final Map<String, ObjectReader> READERS = new HashMap<>();

    private static ObjectReader reader(String t) {
        ObjectReader r = READERS.get(t);
        if (r == null) {
            r = MAPPER.readerFor(javaType(t));
            READERS.put(t, r);
        }
        return r;
    }

    private static JavaType javaType(String t) {
        TypeFactory tf = MAPPER.getTypeFactory();
        switch (t) {
            case "string":
                return tf.constructType(String.class);
            case "bool":
                return tf.constructType(Boolean.class);
            case "int":
                return tf.constructType(Integer.class);
            case "list":
                return tf.constructCollectionType(ArrayList.class, String.class);
            case "set":
                return tf.constructCollectionType(LinkedHashSet.class, String.class);
            case "map":
                return tf.constructMapType(LinkedHashMap.class, String.class, String.class);
            default:
                throw new IllegalArgumentException("bind: unknown type " + t);
        }
    }

    private static String shortMessage(Exception ex) {
        String m = ex instanceof JsonProcessingException
                ? ((JsonProcessingException) ex).getOriginalMessage()
                : ex.getMessage();
        if (m == null) {
            m = ex.getClass().getSimpleName();
        }
        // SnakeYAML puts the reason on later lines, after a context line and a source excerpt.
        m = m.replaceAll("\\s*\n\\s*", " / ");
        return m.length() > 400 ? m.substring(0, 400) + "..." : m;
    }
}
