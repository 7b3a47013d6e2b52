import { Global, Module } from '@nestjs/common';
import { AdminCredentials } from 'src/common/security/admin-credentials';

// Credentials verifiers that belong to no feature module; the credentials hook finds them here.
@Global()
@Module({ providers: [AdminCredentials], exports: [AdminCredentials] })
export class SecurityModule {}
