// OwlCheck: the reference OWL tools' view of the ontology (and data). Loads a set of Turtle (.ttl) / N-Triples (.nt)
// files as ONE RDF graph (rdf4j Rio parses each file, blank nodes kept apart; OWL API 5 then reads the merged
// triples), and prints:
//   (a) OWL API's OWL 2 RL and OWL 2 DL profile violations (OWL2RLProfile / OWL2DLProfile), one per line;
//   (b) with --save-owl PATH, writes the merged ontology as RDF/XML for a reasoner run in another JVM
//       (tools/owlcheck/HermitCheck.java: HermiT ships with its own, older OWL API, so it cannot share this JVM).
// Output (one record per line, tab-separated, for tests to parse):
//   PARSED  <axioms>  <logical axioms>  <unparsed triples>
//   UNPARSED  <triple>                         (triples OWL API could not turn into axioms)
//   <PROFILE>  VIOLATIONS  <n>                 (PROFILE = RL or DL)
//   <PROFILE>  <violation class>  <text>
// Exit status 0 whatever the counts (the caller decides); 2 on a usage or parse error.
// Build and run (Debian: libowlapi-java, a JDK); compiled output goes to a temporary folder, never to the repo:
//   CP=$(python tests/ontology/owltools.py --classpath)   # the Debian jars OWL API needs
//   javac -cp "$CP" -d "$TMPDIR"/owlcheck tools/owlcheck/OwlCheck.java
//   java -cp ""$TMPDIR"/owlcheck:$CP" OwlCheck ontology/*.ttl

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.rdf4j.model.Model;
import org.eclipse.rdf4j.model.impl.LinkedHashModel;
import org.eclipse.rdf4j.rio.RDFFormat;
import org.eclipse.rdf4j.rio.Rio;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.formats.NTriplesDocumentFormat;
import org.semanticweb.owlapi.formats.RDFXMLDocumentFormat;
import org.semanticweb.owlapi.io.RDFTriple;
import org.semanticweb.owlapi.io.StringDocumentSource;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyLoaderConfiguration;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.model.MissingImportHandlingStrategy;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWL2RLProfile;
import org.semanticweb.owlapi.profiles.OWLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public class OwlCheck {
    public static void main(String[] args) throws Exception {
        List<File> files = new ArrayList<>();
        String saveOwl = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--save-owl") && i + 1 < args.length) {
                saveOwl = args[++i];
            } else {
                files.add(new File(args[i]));
            }
        }
        if (files.isEmpty()) {
            System.err.println("usage: OwlCheck [--save-owl OUT.owl] FILE.ttl|FILE.nt ...");
            System.exit(2);
        }
        Model merged = new LinkedHashModel();
        for (File f : files) {
            RDFFormat format = f.getName().endsWith(".nt") ? RDFFormat.NTRIPLES : RDFFormat.TURTLE;
            try (InputStream in = new FileInputStream(f)) {
                merged.addAll(Rio.parse(in, f.toURI().toString(), format));
            } catch (Exception e) {
                System.err.println("cannot parse " + f + ": " + e);
                System.exit(2);
            }
        }
        ByteArrayOutputStream nt = new ByteArrayOutputStream();
        Rio.write(merged, nt, RDFFormat.NTRIPLES);

        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntologyLoaderConfiguration config = new OWLOntologyLoaderConfiguration()
                .setMissingImportHandlingStrategy(MissingImportHandlingStrategy.SILENT)
                .setStrict(false);
        OWLOntology ontology = manager.loadOntologyFromOntologyDocument(
                new StringDocumentSource(nt.toString(StandardCharsets.UTF_8.name()), "urn:owlcheck:merged",
                        new NTriplesDocumentFormat(), null),
                config);
        int unparsed = 0;
        List<String> unparsedLines = new ArrayList<>();
        if (ontology.getFormat() instanceof org.semanticweb.owlapi.formats.RDFDocumentFormat) {
            org.semanticweb.owlapi.formats.RDFDocumentFormat fmt =
                    (org.semanticweb.owlapi.formats.RDFDocumentFormat) ontology.getFormat();
            if (fmt.getOntologyLoaderMetaData().isPresent()) {
                for (RDFTriple t : (Iterable<RDFTriple>) fmt.getOntologyLoaderMetaData().get().getUnparsedTriples()::iterator) {
                    unparsed++;
                    unparsedLines.add(t.toString());
                }
            }
        }
        System.out.println("PARSED\t" + ontology.getAxiomCount() + "\t" + ontology.getLogicalAxiomCount() + "\t"
                + unparsed);
        for (String line : unparsedLines) {
            System.out.println("UNPARSED\t" + line);
        }
        report("RL", new OWL2RLProfile(), ontology);
        report("DL", new OWL2DLProfile(), ontology);
        if (saveOwl != null) {
            manager.saveOntology(ontology, new RDFXMLDocumentFormat(), IRI.create(new File(saveOwl)));
        }
    }

    private static void report(String name, OWLProfile profile, OWLOntology ontology) {
        OWLProfileReport report = profile.checkOntology(ontology);
        List<OWLProfileViolation> violations = report.getViolations();
        System.out.println(name + "\tVIOLATIONS\t" + violations.size());
        for (OWLProfileViolation v : violations) {
            System.out.println(name + "\t" + v.getClass().getSimpleName() + "\t"
                    + v.toString().replace('\n', ' ').replace('\t', ' '));
        }
    }
}
