"""Ships ontology/ and queries/ inside the package (kg/ontology, kg/queries) so a wheel install finds them.

The metadata lives in pyproject.toml; this file only adds the copy step. A checkout keeps
the folders at the top level, where `kg.store.data_dir` looks first.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithData(build_py):
    def run(self) -> None:
        super().run()
        root = Path(__file__).resolve().parent
        for name in ("ontology", "queries"):
            target = Path(self.build_lib) / "kg" / name
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(root / name, target)


setup(cmdclass={"build_py": BuildPyWithData})
