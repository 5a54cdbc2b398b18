import { beforeEach, vi } from 'vitest'
import { FakeSocket } from './fakeSocket'

// No test reaches a real server: the app's real-time socket is a fake that each test may drive.
vi.stubGlobal('WebSocket', FakeSocket)
beforeEach(() => FakeSocket.reset())
