// Entry for the device tests: every suite registers itself on import.
import "./smoke.test"
