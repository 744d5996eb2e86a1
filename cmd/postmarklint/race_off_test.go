//go:build !race

package main

// raceSlowdown stretches the hostile-input deadlines under the race
// detector, which makes the parsers several times slower.
const raceSlowdown = 1
