/** Common English first names: the capitalised-name kind of the task families (keys, values, rule inputs). */
export const FIRST_NAMES: readonly string[] = [
  'Adam', 'Alice', 'Alan', 'Amy', 'Andrew', 'Anna', 'Arthur', 'Barbara', 'Ben', 'Betty', 'Bill', 'Bob', 'Brian',
  'Carl', 'Carol', 'Charles', 'Chris', 'Claire', 'Daniel', 'David', 'Diana', 'Donald', 'Dorothy', 'Edward', 'Elena',
  'Ellen', 'Emily', 'Emma', 'Eric', 'Frank', 'Fred', 'George', 'Grace', 'Hannah', 'Harry', 'Helen', 'Henry', 'Ian',
  'Jack', 'Jacob', 'James', 'Jane', 'Jean', 'Jeff', 'Jim', 'Joan', 'John', 'Joseph', 'Julia', 'Karen', 'Kate',
  'Kevin', 'Laura', 'Leo', 'Linda', 'Lisa', 'Louis', 'Lucy', 'Mark', 'Martha', 'Mary', 'Max', 'Michael', 'Nancy',
  'Nick', 'Nina', 'Oliver', 'Oscar', 'Paul', 'Peter', 'Philip', 'Rachel', 'Ralph', 'Richard', 'Robert', 'Rose',
  'Ruth', 'Sam', 'Sarah', 'Simon', 'Sophie', 'Steve', 'Susan', 'Thomas', 'Tina', 'Tom', 'Victor', 'Walter', 'Will',
];
