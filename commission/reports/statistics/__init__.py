"""Procedure statistics: how the commissions' procedure performs over a period, for one
commission, a level of the hierarchy or the whole organisation.

`scope` says which cases count and which period; `sql` holds the few engine-specific
expressions; `figures` computes every figure with aggregates in the database; `behind` lists
the cases behind a figure, from the same filters; `charts` draws the figures as SVG."""
