import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Every mutation is one transaction: the checks that guard a write run inside it, and a failure leaves the
 * database unchanged. Inside the callback use only the given manager: on the embedded database there is one
 * connection, and a query outside the open transaction would wait for it (then time out).
 */
@Injectable()
export class TransactionRunner {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('READ COMMITTED', work);
  }
}
