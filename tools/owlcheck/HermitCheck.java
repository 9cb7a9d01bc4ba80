// HermitCheck: is an ontology (with its data) consistent for HermiT, with HermiT made strict about datatypes?
// HermiT is not packaged by Debian; the HermiT.jar that PyPI's owlready2 ships (HermiT 1.3.8, bundling its own
// OWL API 3) is used, so this runs in its own JVM on the RDF/XML that OwlCheck writes (--save-owl).
// Strict first: Configuration.ignoreUnsupportedDatatypes = false, so a datatype outside the OWL 2 datatype map is an
// error (HERMIT STRICT-ERROR). With --lenient, HermiT then runs again ignoring exactly those datatypes, and says
// which ones it ignored (HERMIT IGNORED): data literals typed xsd:date, xsd:gYear, xsd:gYearMonth are legal RDF but
// outside OWL 2, and strict HermiT refuses any graph holding one.
// Output, tab-separated:
//   HERMIT  STRICT  CONSISTENT|INCONSISTENT  <logical axioms>     (strict run succeeded)
//   HERMIT  STRICT-ERROR  <message>                                (strict run refused the input)
//   HERMIT  IGNORED  <datatype IRI>                                (one line per datatype outside the map)
//   HERMIT  LENIENT  CONSISTENT|INCONSISTENT  <logical axioms>    (only with --lenient, after a strict error)
// Exit status: 0 when a run completed, 3 when the strict run failed and --lenient was not given.
// Build and run (compiled output in a temporary folder, never in the repo):
//   javac -cp HermiT.jar -d "$TMPDIR"/hermitcheck tools/owlcheck/HermitCheck.java
//   java -cp "$TMPDIR"/hermitcheck:HermiT.jar HermitCheck merged.owl

import java.io.File;

import org.semanticweb.HermiT.Configuration;
import org.semanticweb.HermiT.Reasoner;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.vocab.OWL2Datatype;
import org.semanticweb.owlapi.model.OWLDatatype;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;

public class HermitCheck {
    public static void main(String[] args) throws Exception {
        boolean lenient = args.length == 2 && args[0].equals("--lenient");
        if (args.length != 1 && !lenient) {
            System.err.println("usage: HermitCheck [--lenient] ONTOLOGY.owl");
            System.exit(2);
        }
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntology ontology = manager.loadOntologyFromOntologyDocument(new File(args[args.length - 1]));
        try {
            System.out.println("HERMIT\tSTRICT\t" + check(ontology, false));
            return;
        } catch (Exception e) {
            System.out.println("HERMIT\tSTRICT-ERROR\t" + e.getClass().getSimpleName() + ": "
                    + String.valueOf(e.getMessage()).replaceAll("\\s+", " "));
        }
        for (OWLDatatype dt : ontology.getDatatypesInSignature()) {
            if (!OWL2Datatype.isBuiltIn(dt.getIRI())) {
                System.out.println("HERMIT\tIGNORED\t" + dt.getIRI());
            }
        }
        if (!lenient) {
            System.exit(3);
        }
        System.out.println("HERMIT\tLENIENT\t" + check(ontology, true));
    }

    private static String check(OWLOntology ontology, boolean ignoreUnsupportedDatatypes) {
        Configuration config = new Configuration();
        config.ignoreUnsupportedDatatypes = ignoreUnsupportedDatatypes;
        config.throwInconsistentOntologyException = false;
        Reasoner reasoner = new Reasoner(config, ontology);
        try {
            return (reasoner.isConsistent() ? "CONSISTENT" : "INCONSISTENT") + "\t" + ontology.getLogicalAxiomCount();
        } finally {
            reasoner.dispose();
        }
    }
}
