// Apache Jena's SHACL engine (org.apache.jena.shacl, Debian's libapache-jena-java) as an independent peer of the
// project's validator: reads one data file and the shapes files, validates, and prints one JSON line on stdout:
//   {"engine": "jena", "jena": "4.5.0", "triples": N, "conforms": true|false, "results": N,
//    "load_s": s, "shapes_s": s, "validate_s": s}
// load_s = parsing the data into an in-memory graph, shapes_s = parsing and compiling the shapes, validate_s =
// ShaclValidator.validate alone (cold: one run in a fresh JVM, JIT warm-up included). JVM start-up is in none of
// them; the caller times the whole process for that.
// With --results FILE it also writes one tab-separated line per result: severity, focus node, result path, value,
// source shape, constraint component (nodes in N-Triples syntax, the path in SPARQL property-path syntax).
//
// Not built into the repository: compiled at run time into a temporary folder by tools/jena-shacl/jena_shacl.py.
//   java -cp TMP:JARS JenaShacl [--results FILE] DATA SHAPES...

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.out.NodeFmtLib;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.ValidationReport;
import org.apache.jena.shacl.validation.ReportEntry;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.sys.JenaSystem;

public class JenaShacl {
    private static String nt(Node n) {
        if (n == null) return "";
        if (n.isBlank()) return "_:" + n.getBlankNodeLabel();
        return NodeFmtLib.strNT(n);
    }

    private static String clean(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    public static void main(String[] args) throws Exception {
        String resultsFile = null;
        List<String> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--results")) resultsFile = args[++i];
            else files.add(args[i]);
        }
        if (files.size() < 2) {
            System.err.println("usage: JenaShacl [--results FILE] DATA SHAPES...");
            System.exit(2);
        }
        JenaSystem.init();

        long t0 = System.nanoTime();
        Graph data = RDFDataMgr.loadGraph(files.get(0));
        long t1 = System.nanoTime();
        Graph shapesGraph = GraphFactory.createDefaultGraph();
        for (String f : files.subList(1, files.size())) RDFDataMgr.read(shapesGraph, f);
        Shapes shapes = Shapes.parse(shapesGraph);
        long t2 = System.nanoTime();
        ValidationReport report = ShaclValidator.get().validate(shapes, data);
        long t3 = System.nanoTime();

        if (resultsFile != null) {
            try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Paths.get(resultsFile),
                    StandardCharsets.UTF_8))) {
                for (ReportEntry e : report.getEntries()) {
                    String path = e.resultPath() == null ? "" : clean(e.resultPath().toString());
                    out.println(String.join("\t", e.severity().level().getLocalName(), nt(e.focusNode()), path,
                            clean(nt(e.value())), nt(e.source()), nt(e.sourceConstraintComponent())));
                }
            }
        }
        String version = org.apache.jena.Jena.VERSION;
        System.out.printf(java.util.Locale.ROOT,
                "{\"engine\": \"jena\", \"jena\": \"%s\", \"triples\": %d, \"conforms\": %s, \"results\": %d, "
                        + "\"load_s\": %.3f, \"shapes_s\": %.3f, \"validate_s\": %.3f}%n",
                version, data.size(), report.conforms(), report.getEntries().size(),
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
    }
}
