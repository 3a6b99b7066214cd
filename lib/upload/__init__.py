"""upload — analysts' files read, interpreted and counted into observations; imports core, reference, store, progress."""
