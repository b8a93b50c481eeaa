"""Running declutter inside distributed engines teams already use: datatrove and Spark.

Each integration ships a `Cleaner` (its rules, not its automaton) to the engine's workers,
where it compiles once; nothing is shared between documents, so any split of the data gives
the output a single process gives.
"""
