"""A synthetic registry at the scale of the model case, for benchmarks and trials.

People come in families with Russian name forms (patronymics from the father's given name,
surnames that change with gender, maiden and double surnames, pseudonyms); units and
commissions form the central → gubernia → district → cell hierarchy; memberships carry a
status history; ties between people have a heavy-tailed degree distribution, so a few people
are tied to thousands. The output is the interchange format, written as it is generated.
The same seed and sizes always give the same files.
"""

from commission.registry.generate.generator import GenerateResult, generate_registry

__all__ = ["GenerateResult", "generate_registry"]
