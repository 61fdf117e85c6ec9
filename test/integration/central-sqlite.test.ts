import path from 'node:path'
import { tempDir } from '../helpers'
import { centralSuite } from './central-suite'

centralSuite('sqlite', async () => `sqlite:${path.join(await tempDir('guichet-central-'), 'central.db')}`)
