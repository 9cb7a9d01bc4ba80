"""Run Apache Jena's SHACL engine (Debian's ``libapache-jena-java``) through ``JenaShacl.java``, beside the project's
validator: an independent peer for the benchmark (``benchmarks/bench_validate.py``) and the agreement test
(``tests/validate/test_jena_shacl.py``).

Debian ships the Jena jars without a ``shacl`` command, so the driver is compiled with ``javac`` against the jars of
``/usr/share/java`` into a temporary folder at run time (nothing compiled is kept in the repository).
The Debian packages: ``libapache-jena-java`` and a JDK (``default-jdk-headless``), installed by
``scripts/install-test-deps.sh``.

    from jena_shacl import compile_driver, run   # with tools/jena-shacl on sys.path
    classes = compile_driver(tmpdir)
    run(classes, data_file, shape_files, results=tsv_file)  # -> dict, see run()
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
import zipfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "JenaShacl.java"
JARS_DIR = Path("/usr/share/java")
# Jena's modules the driver needs and their run-time dependencies (the jars of libapache-jena-java's Depends:),
# by Debian's version-less names. Named one by one: the whole folder holds other, clashing libraries.
JARS = ["jena-shacl", "jena-arq", "jena-core", "jena-base", "jena-iri", "jena-shex",
        "commons-cli", "commons-codec", "commons-compress", "commons-csv", "commons-io", "commons-lang3",
        "dexx.collection", "gson", "guava", "httpclient", "httpcore", "httpclient-cache",
        "jackson-core", "jackson-databind", "jackson-annotations", "jsonld-java", "jakarta.json-api",
        "protobuf", "thrift", "titanium-json-ld", "slf4j-api", "slf4j-nop", "jcl-over-slf4j"]
REQUIRED = ["jena-shacl", "jena-arq", "jena-core", "jena-base", "jena-iri", "commons-lang3", "slf4j-api"]


def missing() -> str:
    """Why Jena's SHACL cannot run here ("" if it can): no java/javac, or no Jena jars."""
    absent = [tool for tool in ("java", "javac") if shutil.which(tool) is None]
    absent += [f"{JARS_DIR}/{name}.jar" for name in REQUIRED if not (JARS_DIR / f"{name}.jar").exists()]
    if absent:
        return ("Apache Jena's SHACL needs a JDK and Debian's libapache-jena-java (scripts/install-test-deps.sh "
                f"installs them as root); missing: {', '.join(absent)}")
    return ""


def classpath() -> str:
    return os.pathsep.join(str(JARS_DIR / f"{n}.jar") for n in JARS if (JARS_DIR / f"{n}.jar").exists())


def compile_driver(out_dir: Path) -> Path:
    """Compile JenaShacl.java into ``out_dir`` (a temporary folder); returns it, for :func:`run`."""
    reason = missing()
    if reason:
        raise RuntimeError(reason)
    out_dir.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(["javac", "-nowarn", "-d", str(out_dir), "-cp", classpath(), str(SOURCE)],
                          capture_output=True, text=True)
    if proc.returncode:
        raise RuntimeError(f"javac failed:\n{proc.stderr[-3000:]}")
    _relocate_xerces_messages(out_dir)
    return out_dir


def _relocate_xerces_messages(out_dir: Path) -> None:
    """Work around Debian's jena-core 4.5.0-2: its copy of Xerces has its classes in ``xerces/`` but their message
    files in ``org/apache/jena/ext/xerces/``, where the classes do not look, so Jena's start-up dies with
    "RuntimeException: internal error" in XSSimpleTypeDecl.applyFacets1 (the regex parser finds no messages). Copy
    the ``.properties`` files to where the classes look, in the temporary classes folder."""
    prefix = "org/apache/jena/ext/xerces/"
    with zipfile.ZipFile(JARS_DIR / "jena-core.jar") as jar:
        names = set(jar.namelist())
        for name in names:
            if name.startswith(prefix) and name.endswith(".properties"):
                target = "xerces/" + name[len(prefix):]
                if target not in names:
                    (out_dir / target).parent.mkdir(parents=True, exist_ok=True)
                    (out_dir / target).write_bytes(jar.read(name))


def run(classes: Path, data: Path, shapes: list[Path], *, results: Path | None = None,
        java_opts: list[str] | None = None) -> dict:
    """Validate ``data`` against ``shapes`` in a fresh JVM; the driver's JSON (conforms, results, load_s, shapes_s,
    validate_s: times inside the JVM) plus ``wall_s`` (the whole process: JVM start, load, validation, exit) and
    ``peak_mb`` (the JVM process's peak RSS). ``results``: also write the results there (see JenaShacl.java).
    ``java_opts``: e.g. ``["-Xmx2g"]``; by default the JVM's own heap limit (a quarter of the machine's memory)."""
    cmd = ["java", *(java_opts or []), "-cp", os.pathsep.join([str(classes), classpath()]), "JenaShacl"]
    if results is not None:
        cmd += ["--results", str(results)]
    cmd += [str(data), *map(str, shapes)]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True)
        # reaped here, not by Popen, to read the JVM's own peak RSS from its rusage
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode:
        raise RuntimeError(f"Jena SHACL failed ({proc.returncode}):\n{stderr[-3000:]}")
    report = json.loads(stdout.strip().splitlines()[-1])
    report.update(wall_s=wall, peak_mb=usage.ru_maxrss / 1024)
    return report


def key_term(term) -> str:  # type: ignore[no-untyped-def]
    """A focus node or result path (an rdflib term, or None) in the form both engines' results are compared in:
    N-Triples, any blank node as ``_:`` (ids differ between processes), ``"a"^^xsd:string`` as ``"a"`` (RDF 1.1)."""
    from rdflib import BNode, Literal
    from rdflib.namespace import XSD

    if term is None:
        return ""
    if isinstance(term, BNode):
        return "_:"
    if isinstance(term, Literal) and term.datatype == XSD.string:
        term = Literal(str(term))
    return term.n3()


def result_triples(results: Path) -> Counter:
    """The (focus node, result path, severity) of every result in a ``--results`` file, counted, in
    :func:`key_term`'s form (a path other than one IRI is kept as Jena writes it, in SPARQL syntax)."""
    from rdflib.util import from_n3

    out: Counter = Counter()
    for line in results.read_text(encoding="utf-8").splitlines():
        severity, focus, path = line.split("\t")[:3]
        simple_path = path.startswith("<") and path.endswith(">") and " " not in path
        out[(key_term(from_n3(focus)), key_term(from_n3(path)) if simple_path else path, severity)] += 1
    return out
