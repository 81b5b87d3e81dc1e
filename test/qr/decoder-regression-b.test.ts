import { regressionSuite } from './support/regression-suite'

regressionSuite('hd', '1280×720')
