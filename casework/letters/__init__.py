"""Letters and notices of a case, written from the council's templates and filed to the case."""
