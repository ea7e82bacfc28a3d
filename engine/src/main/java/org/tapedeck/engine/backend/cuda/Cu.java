package org.tapedeck.engine.backend.cuda;

import jcuda.driver.CUresult;

import org.tapedeck.engine.errors.TapedeckException;

/** Result codes of the CUDA driver API, turned into errors that say which call failed. */
final class Cu {
    private Cu() {}

    /** Throws unless {@code result} is CUDA_SUCCESS. */
    static void check(int result, String call) {
        if (result != CUresult.CUDA_SUCCESS) {
            throw new TapedeckException("CUDA driver call " + call + " failed: " + CUresult.stringFor(result));
        }
    }
}
