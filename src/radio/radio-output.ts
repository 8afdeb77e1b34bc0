import { ChipTrain } from "./chip-train"

/** Puts one transmission on air; resolves when it has left the air. */
export interface RadioOutput {
    transmit(train: ChipTrain): Promise<void>
}
