import { regressionSuite } from './support/regression-suite'

regressionSuite('vga-fullhd', '640×480 and 1920×1080')
