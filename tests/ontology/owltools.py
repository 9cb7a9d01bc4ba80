"""Run the reference OWL tools on RDF files: OWL API 5 (Debian's libowlapi-java) and HermiT (owlready2's jar).

tools/owlcheck/OwlCheck.java and HermitCheck.java are compiled here, into a temporary folder, never into the repo.
``python tests/ontology/owltools.py --classpath`` prints the OWL API class path (for running the checker by hand);
``python tests/ontology/owltools.py FILE.ttl ...`` compiles and runs both checkers and prints what they say.

Where the tools come from (scripts/install-test-deps.sh installs both): OWL API from Debian (``libowlapi-java``,
jars in /usr/share/java); HermiT is not packaged by Debian, so its jar is taken from the owlready2 source package
on PyPI (``hermit/HermiT.jar``, HermiT 1.3.8) into /usr/local/share/java/HermiT.jar, or ``$KZJP_HERMIT_JAR``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

JAVA_DIR = Path("/usr/share/java")
TOOLS = Path(__file__).resolve().parents[2] / "tools" / "owlcheck"
HERMIT_JAR = Path(os.environ.get("KZJP_HERMIT_JAR", "/usr/local/share/java/HermiT.jar"))
#: OWL API 5 and what it needs at run time (Debian's jar names, unversioned); rdf4j is globbed.
_JARS = ("owlapi-api", "owlapi-apibinding", "owlapi-impl", "owlapi-parsers", "owlapi-rio", "owlapi-tools", "guava",
         "caffeine", "slf4j-api", "slf4j-nop", "commons-rdf-api", "commons-io", "commons-codec", "hppcrt", "jsr305",
         "atinject-jsr330-api", "jackson-core", "jackson-databind", "jackson-annotations", "xz", "httpclient",
         "httpcore", "commons-logging", "jsonld-java", "jaxb-api", "javax.activation")


def missing() -> str | None:
    """Why the OWL API checker cannot run here, or None when it can."""
    for tool in ("java", "javac"):
        if shutil.which(tool) is None:
            return f"no {tool} (Debian: default-jdk-headless; scripts/install-test-deps.sh installs it)"
    if not (JAVA_DIR / "owlapi-api.jar").is_file():
        return "no OWL API (Debian: libowlapi-java; scripts/install-test-deps.sh installs it)"
    return None


def classpath() -> str:
    jars = [JAVA_DIR / f"{name}.jar" for name in _JARS]
    jars += sorted(p for p in JAVA_DIR.glob("rdf4j-*.jar") if not p.stem.split("-")[-1][:1].isdigit())
    return os.pathsep.join(str(j) for j in jars if j.is_file())


_compiled: dict[str, Path] = {}


def _compile(name: str, cp: str) -> Path:
    if name not in _compiled:
        out = Path(tempfile.mkdtemp(prefix=f"kzjp-{name.lower()}-"))
        subprocess.run(["javac", "-nowarn", "-cp", cp, "-d", str(out), str(TOOLS / f"{name}.java")], check=True,
                       capture_output=True, text=True)
        _compiled[name] = out
    return _compiled[name]


@dataclass
class OwlReport:
    """What OwlCheck printed: axiom counts, unparsed triples, and the violations of each profile."""

    axioms: int = 0
    logical_axioms: int = 0
    unparsed: list[str] = field(default_factory=list)
    violations: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: {"RL": [], "DL": []})
    counts: dict[str, int] = field(default_factory=dict)
    output: str = ""


def owlapi(files: list[Path], save_owl: Path | None = None) -> OwlReport:
    """OWL API 5's view of ``files`` loaded as one graph (see tools/owlcheck/OwlCheck.java)."""
    cp = classpath()
    classes = _compile("OwlCheck", cp)
    cmd = ["java", "-cp", f"{classes}{os.pathsep}{cp}", "OwlCheck"]
    if save_owl is not None:
        cmd += ["--save-owl", str(save_owl)]
    proc = subprocess.run(cmd + [str(f) for f in files], capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise RuntimeError(f"OwlCheck failed ({proc.returncode}): {proc.stderr[-2000:]}")
    rep = OwlReport(output=proc.stdout)
    for line in proc.stdout.splitlines():
        parts = line.split("\t")
        if parts[0] == "PARSED":
            rep.axioms, rep.logical_axioms = int(parts[1]), int(parts[2])
        elif parts[0] == "UNPARSED":
            rep.unparsed.append(parts[1])
        elif parts[0] in ("RL", "DL") and parts[1] == "VIOLATIONS":
            rep.counts[parts[0]] = int(parts[2])
        elif parts[0] in ("RL", "DL"):
            rep.violations[parts[0]].append((parts[1], parts[2]))
    return rep


def hermit_missing() -> str | None:
    """Why HermiT cannot run here, or None when it can."""
    if not HERMIT_JAR.is_file():
        return (f"no HermiT jar at {HERMIT_JAR} (Debian has no HermiT package; scripts/install-test-deps.sh takes "
                "the jar owlready2 ships from PyPI)")
    return missing()


@dataclass
class HermitReport:
    """What HermitCheck printed: the strict run's answer or error, the ignored datatypes, the lenient answer."""

    strict: str | None = None
    strict_error: str | None = None
    ignored: list[str] = field(default_factory=list)
    lenient: str | None = None
    output: str = ""


def hermit(owl_file: Path, *, lenient: bool = True) -> HermitReport:
    """HermiT on an RDF/XML file written by :func:`owlapi` (``save_owl``): strict, then lenient if refused."""
    classes = _compile("HermitCheck", str(HERMIT_JAR))
    cmd = ["java", "-cp", f"{classes}{os.pathsep}{HERMIT_JAR}", "HermitCheck"] + (["--lenient"] if lenient else [])
    proc = subprocess.run([*cmd, str(owl_file)], capture_output=True, text=True, timeout=600)
    rep = HermitReport(output=proc.stdout)
    for line in proc.stdout.splitlines():
        parts = line.split("\t")
        if parts[0] != "HERMIT":
            continue
        if parts[1] == "STRICT":
            rep.strict = parts[2]
        elif parts[1] == "STRICT-ERROR":
            rep.strict_error = parts[2]
        elif parts[1] == "IGNORED":
            rep.ignored.append(parts[2])
        elif parts[1] == "LENIENT":
            rep.lenient = parts[2]
    if rep.strict is None and rep.lenient is None and rep.strict_error is None:
        raise RuntimeError(f"HermitCheck failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return rep


def main(argv: list[str]) -> int:
    if argv[:1] == ["--classpath"]:
        print(classpath())
        return 0
    files = [Path(a) for a in argv]
    with tempfile.TemporaryDirectory() as tmp:
        owl = Path(tmp) / "merged.owl"
        rep = owlapi(files, save_owl=owl)
        print(rep.output, end="")
        if hermit_missing() is None:
            print(hermit(owl).output, end="")
        else:
            print("HermiT not run:", hermit_missing())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
